using Parley.Cli;
using Parley.Modules;

namespace Parley.Tests;

public sealed class XepsDocument_Tests
{
    [Fact]
    public void Committed_docs_xeps_md_matches_the_modules_metadata()
    {
        var committed = File.ReadAllText(Path.Combine(RepoRoot.Path, "docs", "xeps.md"));
        var generated = XepsDocument.Render(CheckCommands.AllModules());
        Assert.True(committed == generated,
            "docs/xeps.md is stale: regenerate it with `dotnet run --project src/Parley -- docs xeps > docs/xeps.md`");
    }

    [Fact]
    public void Every_module_names_at_least_one_specification()
    {
        foreach (var module in CheckCommands.AllModules())
            Assert.NotEmpty(module.Info.Specs);
    }
}
