namespace Parley.Server.Modules;

public sealed record DiscoIdentity(string Category, string Type, string? Name);

/// <summary>A field of a XEP-0128 extension form: its var, its values in order, and its XEP-0004 type if given.</summary>
public sealed record DiscoField(string Var, IReadOnlyList<string> Values, string? Type = null);

/// <summary>A XEP-0128 extension of disco#info: a result data form identified by its FORM_TYPE.</summary>
public sealed record DiscoExtensionForm(string FormType, IReadOnlyList<DiscoField> Fields);

/// <summary>What disco#info shows for the server, collected from what modules declare.</summary>
public sealed class FeatureRegistry
{
    private readonly SortedSet<string> _features = new(StringComparer.Ordinal);
    private readonly List<DiscoIdentity> _identities = [];
    private readonly SortedDictionary<string, List<DiscoField>> _extensions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Features => _features;

    public IReadOnlyList<DiscoIdentity> Identities => _identities;

    /// <summary>One form per FORM_TYPE, in FORM_TYPE order; fields in the order modules declared them.</summary>
    public IReadOnlyList<DiscoExtensionForm> Extensions
        => [.. _extensions.Select(e => new DiscoExtensionForm(e.Key, e.Value))];

    /// <summary>
    /// The XEP-0115 verification string of the server's disco#info, computed once when the modules have declared
    /// everything (<see cref="Freeze"/>).
    /// </summary>
    public string CapsVersion => _capsVersion ?? throw new InvalidOperationException("The modules are not loaded yet.");

    private string? _capsVersion;

    internal void Freeze() => _capsVersion = EntityCapabilities.VerificationString(
        _identities.Select(i => new EntityCapabilities.Identity(i.Category, i.Type, null, i.Name)), _features, Extensions);

    internal void AddFeature(string var) => _features.Add(var);

    internal void AddIdentity(DiscoIdentity identity)
    {
        if (!_identities.Contains(identity))
            _identities.Add(identity);
    }

    /// <summary>
    /// Several modules may add fields to one FORM_TYPE; they share one form, because an entity must not show two
    /// forms with the same FORM_TYPE (XEP-0115 §5.4 refuses such a result when computing the verification string).
    /// </summary>
    internal void AddExtensionField(string formType, DiscoField field)
    {
        ArgumentException.ThrowIfNullOrEmpty(formType);
        if (field.Var == "FORM_TYPE")
            throw new ArgumentException("FORM_TYPE is written by the registry.", nameof(field));
        if (!_extensions.TryGetValue(formType, out var fields))
            _extensions[formType] = fields = [];
        if (fields.Any(f => f.Var == field.Var))
            throw new InvalidOperationException($"Two modules declare the disco#info field {field.Var} of {formType}.");
        fields.Add(field);
    }
}
