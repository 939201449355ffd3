using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Model;

namespace Parley.Server.Config;

/// <summary>Reads parley.toml into flat IConfiguration keys ("c2s:port"), arrays by index ("c2s:addresses:0").</summary>
public static class TomlConfiguration
{
    public static Dictionary<string, string?> Flatten(string tomlText, string sourceName)
    {
        TomlTable table;
        try
        {
            table = TomlSerializer.Deserialize<TomlTable>(tomlText)!;
        }
        catch (TomlException e)
        {
            throw new ConfigException($"{sourceName}: not valid TOML: {e.Message}");
        }
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(result, "", table);
        return result;
    }

    private static void Add(Dictionary<string, string?> result, string prefix, object? value)
    {
        switch (value)
        {
            case TomlTable { Count: 0 } when prefix.Length > 0:
                // An empty table still names something (a host with all defaults): keep its key.
                result[prefix] = "";
                break;
            case TomlTable t:
                foreach (var (k, v) in t)
                    Add(result, prefix.Length == 0 ? k : prefix + ":" + k, v);
                break;
            case TomlTableArray ta:
                for (var i = 0; i < ta.Count; i++)
                    Add(result, prefix + ":" + i.ToString(CultureInfo.InvariantCulture), ta[i]);
                break;
            case TomlArray a:
                for (var i = 0; i < a.Count; i++)
                    Add(result, prefix + ":" + i.ToString(CultureInfo.InvariantCulture), a[i]);
                break;
            case bool b:
                result[prefix] = b ? "true" : "false";
                break;
            case IFormattable f:
                result[prefix] = f.ToString(null, CultureInfo.InvariantCulture);
                break;
            default:
                result[prefix] = value?.ToString();
                break;
        }
    }
}

public sealed class ConfigException(string message) : Exception(message);
