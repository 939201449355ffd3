using System.Collections;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace Parley.Server.Config;

/// <summary>Knows every key the options accept, from the option classes themselves, to report unknown ones.</summary>
public static class ConfigSchema
{
    public static IReadOnlyList<string> UnknownKeys(IConfiguration configuration)
    {
        var unknown = new List<string>();
        foreach (var section in configuration.GetChildren())
            Walk(section, typeof(ParleyOptions), unknown);
        unknown.Sort(StringComparer.Ordinal);
        return unknown;
    }

    private static void Walk(IConfigurationSection section, Type owner, List<string> unknown)
    {
        var property = FindProperty(owner, section.Key);
        if (property is null)
        {
            unknown.Add(section.Path);
            return;
        }
        WalkValue(section, property.PropertyType, unknown);
    }

    private static void WalkValue(IConfigurationSection section, Type type, List<string> unknown)
    {
        if (IsScalar(type))
        {
            foreach (var child in section.GetChildren())
                unknown.Add(child.Path);
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var valueType = type.GetGenericArguments()[1];
            foreach (var entry in section.GetChildren())
                WalkValue(entry, valueType, unknown);
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var itemType = type.GetGenericArguments()[0];
            foreach (var item in section.GetChildren())
            {
                if (!int.TryParse(item.Key, out _))
                    unknown.Add(item.Path);
                else
                    WalkValue(item, itemType, unknown);
            }
            return;
        }
        foreach (var child in section.GetChildren())
        {
            // [modules.NAME] sections belong to the modules, which bind and validate them themselves.
            if (type == typeof(ModulesOptions) && !string.Equals(child.Key, "disabled", StringComparison.OrdinalIgnoreCase))
                continue;
            Walk(child, type, unknown);
        }
    }

    private static bool IsScalar(Type t) => t.IsPrimitive || t == typeof(string) || t.IsEnum
        || (Nullable.GetUnderlyingType(t) is { } u && IsScalar(u)) || (!typeof(IEnumerable).IsAssignableFrom(t) && t.IsValueType);

    private static PropertyInfo? FindProperty(Type owner, string key)
    {
        foreach (var p in owner.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = p.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? p.Name;
            if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase))
                return p;
        }
        return null;
    }
}
