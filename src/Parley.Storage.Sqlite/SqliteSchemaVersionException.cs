namespace Parley.Storage.Sqlite;

/// <summary>
/// The database carries migrations this build does not know: it was written by a newer Parley (or another branch).
/// Starting anyway could corrupt data the newer code relies on, so Parley refuses to start.
/// </summary>
public sealed class SqliteSchemaVersionException : Exception
{
    public SqliteSchemaVersionException(string path, int databaseVersion, int knownVersion)
        : base(databaseVersion > knownVersion
            ? $"The database '{path}' has schema version {databaseVersion}, newer than version {knownVersion} that "
              + "this Parley build knows. It was written by a newer Parley: run that version, or restore a backup "
              + "taken before the upgrade."
            : $"The database '{path}' has migration {databaseVersion} applied, which this Parley build does not "
              + $"know (it knows up to version {knownVersion}). It was written by a different Parley build.")
    {
        Path = path;
        DatabaseVersion = databaseVersion;
        KnownVersion = knownVersion;
    }

    public string Path { get; }

    /// <summary>The unknown version found in the database.</summary>
    public int DatabaseVersion { get; }

    /// <summary>The newest version this build knows.</summary>
    public int KnownVersion { get; }
}
