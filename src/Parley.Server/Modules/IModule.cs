namespace Parley.Server.Modules;

/// <summary>A protocol feature. It declares what it does in <see cref="Configure"/>; the host owns every registration.</summary>
public interface IModule
{
    ModuleInfo Info { get; }

    void Configure(IModuleBuilder module);
}

/// <summary>A specification a module implements: a XEP or an RFC, with the version followed.</summary>
public sealed record Spec(string Name, string Title, string Version, string Status = "complete", string? Notes = null)
{
    public static Spec Xep(int number, string title, string version, string status = "complete", string? notes = null)
        => new($"XEP-{number:0000}", title, version, status, notes);

    public static Spec Rfc(int number, string title, string status = "complete", string? notes = null)
        => new($"RFC {number}", title, "", status, notes);
}

public sealed record ModuleInfo(string Name, string Summary, params Spec[] Specs);
