namespace Parley.Storage.Sqlite.Tests;

/// <summary>A folder of its own per test, removed afterwards; databases live in a subfolder it does not create.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "parley-storage-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Inside a folder that does not exist yet: opening must create it.</summary>
    public string DatabasePath => Path.Combine(Root, "data", "parley.db");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test.
        }
    }
}
