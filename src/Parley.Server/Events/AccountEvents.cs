namespace Parley.Server.Events;

/// <summary>An account and all of its data were deleted (every <c>IAccountDataOwner</c> had been called first).</summary>
public sealed record UserDeleted(string Host, string Username);
