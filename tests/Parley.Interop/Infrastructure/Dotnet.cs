namespace Parley.Interop.Infrastructure;

internal static class Dotnet
{
    /// <summary>The dotnet host running the tests (the CLI sets DOTNET_HOST_PATH for its children), else the one on PATH.</summary>
    public static string Host => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path)
        ? path
        : "dotnet";

    public static string ParleyDll => Path.Combine(AppContext.BaseDirectory, "parley.dll");
}
