namespace Parley.Federation.Harness;

/// <summary>Certificates from a test CA everywhere; peers require valid certificates: SASL EXTERNAL (XEP-0178).</summary>
public sealed class CaSetup() : FederationSetup(Topology.Ca);

/// <summary>Self-signed certificates everywhere; dialback allowed on all: Server Dialback (XEP-0220).</summary>
public sealed class DialbackSetup() : FederationSetup(Topology.Dialback);

[CollectionDefinition(Name)]
public sealed class CaCollection : ICollectionFixture<CaSetup>
{
    public const string Name = "federation with CA-issued certificates";
}

[CollectionDefinition(Name)]
public sealed class DialbackCollection : ICollectionFixture<DialbackSetup>
{
    public const string Name = "federation with self-signed certificates";
}
