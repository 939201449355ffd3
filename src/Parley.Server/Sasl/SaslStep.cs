namespace Parley.Server.Sasl;

public enum SaslStepKind
{
    /// <summary>Send <c>&lt;challenge/&gt;</c> with <see cref="SaslStep.Data"/> and wait for a response.</summary>
    Challenge,

    /// <summary>Send <c>&lt;success/&gt;</c>, with <see cref="SaslStep.Data"/> as additional data when not null.</summary>
    Success,

    /// <summary>Send <c>&lt;failure/&gt;</c> with <see cref="SaslStep.Failure"/> and optional <see cref="SaslStep.Text"/>.</summary>
    Failure,
}

/// <summary>What a mechanism answers to one client message. Errors are values: mechanisms do not throw on bad input.</summary>
public readonly record struct SaslStep(SaslStepKind Kind, byte[]? Data = null, SaslFailure Failure = default, string? Text = null)
{
    public static SaslStep Continue(byte[] challenge) => new(SaslStepKind.Challenge, challenge);

    public static SaslStep Succeed(byte[]? additionalData = null) => new(SaslStepKind.Success, additionalData);

    public static SaslStep Fail(SaslFailure failure, string? text = null) => new(SaslStepKind.Failure, null, failure, text);

    /// <summary>
    /// A failure of negotiation, not of credentials (a channel-binding type we cannot serve, or the 'y' flag that
    /// RFC 5802 makes us refuse while -PLUS is offered): no password was checked, so it counts toward no throttle
    /// and no attempt limit, and clients that walk down their mechanism list reach one that works.
    /// </summary>
    public bool IsNegotiationMismatch { get; init; }
}
