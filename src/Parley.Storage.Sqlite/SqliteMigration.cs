using System.Globalization;
using System.Reflection;

namespace Parley.Storage.Sqlite;

/// <summary>
/// One versioned schema change. Versions form a single sequence for the whole database, so a feature adds its
/// tables by dropping the next file into Migrations/ (e.g. 0002_roster.sql); the number is the version and the
/// rest of the name is for people. A released migration is never edited or renumbered.
/// </summary>
internal sealed record SqliteMigration(int Version, string Name, string Sql)
{
    private const string Folder = "Migrations/";
    private const string Extension = ".sql";

    /// <summary>The migrations embedded in this assembly, in version order.</summary>
    internal static IReadOnlyList<SqliteMigration> Embedded { get; } = LoadEmbedded(typeof(SqliteMigration).Assembly);

    public override string ToString() => $"{Version:D4}_{Name}";

    internal static IReadOnlyList<SqliteMigration> LoadEmbedded(Assembly assembly)
    {
        var migrations = new List<SqliteMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Folder, StringComparison.Ordinal))
            {
                continue;
            }

            var (version, name) = ParseFileName(resource);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SqliteMigration(version, name, reader.ReadToEnd()));
        }

        return InOrder(migrations);
    }

    /// <summary>Sorts by version and refuses duplicates: two branches that both added 0002 must not both run.</summary>
    internal static IReadOnlyList<SqliteMigration> InOrder(IEnumerable<SqliteMigration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            if (ordered[i].Version <= 0)
            {
                throw new InvalidOperationException($"Migration {ordered[i]} has a version below 1.");
            }

            if (i > 0 && ordered[i].Version == ordered[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations {ordered[i - 1]} and {ordered[i]} share version {ordered[i].Version}; renumber one.");
            }
        }

        return ordered;
    }

    // "Migrations/0001_users.sql" → (1, "users"). A misnamed file is a build mistake, reported at first start.
    private static (int Version, string Name) ParseFileName(string resource)
    {
        var fileName = resource[Folder.Length..];
        var underscore = fileName.IndexOf('_', StringComparison.Ordinal);
        if (!fileName.EndsWith(Extension, StringComparison.Ordinal) || underscore <= 0
            || !int.TryParse(fileName.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || underscore + 1 >= fileName.Length - Extension.Length)
        {
            throw new InvalidOperationException(
                $"Embedded migration '{resource}' is not named like 'Migrations/0001_name.sql'.");
        }

        return (version, fileName[(underscore + 1)..^Extension.Length]);
    }
}
