namespace Parley.Interop.Infrastructure;

/// <summary>One temp folder per test run, one subfolder per server; removed when the test process ends.</summary>
internal static class TempFolders
{
    private static readonly Lazy<string> RunRoot = new(() =>
    {
        var root = Path.Combine(Path.GetTempPath(), "parley-interop", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(root);
        return root;
    });

    public static string Root => RunRoot.Value;

    public static string Create(string name)
    {
        var folder = Path.Combine(Root, $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
