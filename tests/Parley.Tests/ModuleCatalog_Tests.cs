using Parley.Cli;
using Parley.Modules;

namespace Parley.Tests;

public sealed class ModuleCatalog_Tests
{
    [Fact]
    public void Each_module_is_named_as_modules_disabled_and_its_config_section_name_it()
    {
        // modules.disabled uses the catalog's name, [modules.NAME] the module's own: they must be one name.
        foreach (var module in CheckCommands.AllModules())
            Assert.Equal(ModuleCatalog.NameOf(module.GetType()), module.Info.Name);
    }
}
