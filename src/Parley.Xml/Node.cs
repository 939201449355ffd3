namespace Parley.Xml;

/// <summary>A child of an <see cref="Element"/>: an element or character data.</summary>
public abstract class Node
{
    private protected Node() { }
}

/// <summary>Character data, already unescaped.</summary>
public sealed class Text(string value) : Node
{
    public string Value { get; } = value;

    public override string ToString() => Value;
}
