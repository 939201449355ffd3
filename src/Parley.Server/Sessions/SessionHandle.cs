namespace Parley.Server.Sessions;

/// <summary>
/// Names a session anywhere in a cluster: the node that holds its connection and a number unique on that node
/// (DESIGN §6.2). Never an object reference, so it can cross nodes and outlive the connection safely.
/// </summary>
public readonly record struct SessionHandle(int Node, long Id)
{
    public override string ToString() => $"{Node}:{Id}";
}
