namespace Parley.Server.Sasl;

/// <summary>One SASL exchange (RFC 4422) on one stream. Not thread-safe: the stream calls it sequentially.</summary>
public abstract class SaslMechanism
{
    public abstract string Name { get; }

    /// <summary>The normalized username, set when a step returns <see cref="SaslStepKind.Success"/>.</summary>
    public string? Username { get; protected set; }

    /// <summary>The normalized username the client claimed, once known: what failures are throttled by.</summary>
    public string? AttemptedUsername { get; protected set; }

    /// <summary>
    /// Handles the initial response (empty when the client sent none) or a later response, already base64-decoded.
    /// Once a step returned Success or Failure, every further step fails with MalformedRequest.
    /// </summary>
    public abstract ValueTask<SaslStep> StepAsync(ReadOnlyMemory<byte> response, CancellationToken ct);
}
