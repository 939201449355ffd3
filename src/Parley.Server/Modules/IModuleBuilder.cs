using Parley.Protocol.Stanzas;

namespace Parley.Server.Modules;

/// <summary>Which IQs a handler takes, by what they are addressed to.</summary>
[Flags]
public enum Addressed
{
    /// <summary>A local virtual host (to='example.org' or no 'to' at all for host services).</summary>
    Host = 1,

    /// <summary>An account's bare JID, answered by the server on its behalf (RFC 6121 §8.5.1).</summary>
    Account = 2,
}

/// <summary>What a module can declare. Every call is a registration the host removes when the module stops.</summary>
public interface IModuleBuilder
{
    IServiceProvider Services { get; }

    /// <summary>A disco#info feature of the server (XEP-0030).</summary>
    void Feature(string var);

    /// <summary>A disco#info identity of the server (XEP-0030).</summary>
    void Identity(string category, string type, string? name = null);

    /// <summary>
    /// A field of a XEP-0128 extension form in the server's disco#info. Fields with one FORM_TYPE, from whichever
    /// modules, make up one form of type result. <paramref name="type"/> is the field type the FORM_TYPE's
    /// registration gives (XEP-0068), such as list-multi.
    /// </summary>
    void DiscoExtension(string formType, string var, IReadOnlyList<string> values, string? type = null);

    /// <summary>Handles IQs of this type whose payload is <typeparamref name="TPayload"/>; the dispatch key is data.</summary>
    void Iq<TPayload>(IqType type, Addressed addressing, Func<IqRequest<TPayload>, ValueTask<IqResponse>> handler)
        where TPayload : IPayload<TPayload>;

    /// <summary>A filter may change the flow: let a stanza pass, consume it, or bounce it.</summary>
    void Filter(FilterPoint point, StanzaFilter filter, int priority = 0);

    /// <summary>A stream feature offered to authenticated clients (next to bind); null leaves it out for that account.</summary>
    void StreamFeature(Func<Protocol.Jid, Xml.Element?> feature);

    /// <summary>An observer of past events; it cannot change the flow.</summary>
    void On<TEvent>(Func<TEvent, CancellationToken, ValueTask> handler);

    /// <summary>
    /// Work that runs while the server runs (a periodic sweep, say): started once the server has started, its
    /// token cancelled when the server stops. CLI verbs that load the modules never start it.
    /// </summary>
    void Background(Func<CancellationToken, Task> work);

    /// <summary>The module's options, bound from its section <c>[modules.NAME]</c> of the config.</summary>
    T Options<T>() where T : class, new();
}
