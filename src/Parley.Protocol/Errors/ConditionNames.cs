using System.Collections.Frozen;
using System.Text;

namespace Parley.Protocol.Errors;

/// <summary>Maps condition enums to their XML names (PascalCase ↔ kebab-case), computed once.</summary>
public static class ConditionNames
{
    public static string ToXml<T>(T value) where T : struct, Enum => Names<T>.ToXml[value];

    public static bool TryParse<T>(string name, out T value) where T : struct, Enum
        => Names<T>.FromXml.TryGetValue(name, out value);

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToXml =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly FrozenDictionary<string, T> FromXml =
            ToXml.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);
    }

    private static string Kebab(string pascal)
    {
        var sb = new StringBuilder(pascal.Length + 4);
        foreach (var ch in pascal)
        {
            if (char.IsUpper(ch) && sb.Length > 0)
                sb.Append('-');
            sb.Append(char.ToLowerInvariant(ch));
        }
        return sb.ToString();
    }
}
