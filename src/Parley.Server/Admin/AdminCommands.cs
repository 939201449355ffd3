using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Parley.Protocol;
using Parley.Server.Hosting;
using Parley.Server.Sessions;
using Parley.Server.Storage;
using Parley.Xml;

namespace Parley.Server.Admin;

/// <summary>
/// What the admin socket can be asked (docs/admin.md, "The admin socket"): one JSON object per request, one per
/// answer, always with "ok" and, when it is false, "error".
/// </summary>
internal sealed class AdminCommands(
    LocalHosts hosts,
    ISessionDirectory directory,
    LocalSessionRegistry sessions,
    AccountDeletion deletion,
    Streams.S2s.S2sServices s2s,
    ILogger<AdminCommands> logger)
{
    /// <summary>Longest announcement accepted, in characters: well inside the stanza limits of every client.</summary>
    public const int MaxAnnouncement = 16 * 1024;

    public async Task<JsonObject> RunAsync(JsonElement request, CancellationToken ct)
    {
        if (request.ValueKind != JsonValueKind.Object)
            return Error("a request is a JSON object");
        var command = Text(request, "command");
        try
        {
            return command switch
            {
                "status" => Status(),
                "announce" => await AnnounceAsync(Text(request, "host"), Text(request, "message"), ct),
                "deluser" => await DeleteUserAsync(Text(request, "jid"), ct),
                null => Error("no \"command\""),
                _ => Error($"unknown command '{command}' (commands: status, announce, deluser)"),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Admin command {Command} failed", command);
            return Error($"{command} failed: {e.Message}");
        }
    }

    private JsonObject Status() => new()
    {
        ["ok"] = true,
        ["hosts"] = new JsonArray([.. hosts.All.Order(StringComparer.Ordinal).Select(h => JsonValue.Create(h))]),
        ["sessions"] = sessions.Count,
        ["s2s"] = S2sConnections(),
    };

    /// <summary>Authenticated server-to-server streams: one entry per domain pair, with how it was authenticated.</summary>
    private JsonArray S2sConnections()
    {
        var list = new List<(string Direction, string Local, string Remote, string Auth, string Address)>();
        foreach (var route in s2s.Manager.Routes)
        {
            if (route.Ready is { Auth: { } auth } ready && ready.IsOpen)
                list.Add(("out", route.Local, route.Remote, Streams.S2s.S2sOutgoingStream.MethodName(auth), ready.Address));
        }
        foreach (var stream in s2s.Incoming.Keys)
        {
            foreach (var ((from, to), auth) in stream.AuthenticatedPairs)
                list.Add(("in", to, from, Streams.S2s.S2sOutgoingStream.MethodName(auth), stream.RemoteAddress));
        }
        list.Sort();
        return new JsonArray([.. list.Select(c => (JsonNode)new JsonObject
        {
            ["direction"] = c.Direction,
            ["local"] = c.Local,
            ["remote"] = c.Remote,
            ["auth"] = c.Auth,
            ["address"] = c.Address,
        })]);
    }

    /// <summary>
    /// A headline from the host to every session of the host: RFC 6121 §5.2.2 has headline for alerts and
    /// notifications that expect no reply, so clients show it as such; it is for who is online now, and never
    /// kept for later (XEP-0160 §3).
    /// </summary>
    private async Task<JsonObject> AnnounceAsync(string? hostText, string? text, CancellationToken ct)
    {
        if (hostText is null || !Jid.TryNormalizeDomain(hostText, out var host) || !hosts.Contains(host!))
            return Error($"'{hostText}' is not a host of this server");
        if (string.IsNullOrWhiteSpace(text))
            return Error("the message is empty");
        if (text.Length > MaxAnnouncement)
            return Error($"the message is longer than {MaxAnnouncement} characters");
        var id = "announce-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var delivered = 0;
        var users = new HashSet<Jid>();
        foreach (var entry in await directory.GetHostSessionsAsync(host!, ct))
        {
            // Straight to this node's sessions (a cluster would ask every node to do the same).
            if (!sessions.TryGet(entry.Handle, out var session))
                continue;
            var message = X.E("message", Namespaces.Client, X.A("from", host), X.A("to", entry.Jid.ToString()),
                X.A("type", "headline"), X.A("id", id), X.E("body", Namespaces.Client, text));
            if (session!.TrySend(message))
            {
                delivered++;
                users.Add(entry.Jid.Bare);
            }
        }
        logger.LogInformation("Announcement to {Host}: {Sessions} sessions of {Users} users", host, delivered, users.Count);
        return new JsonObject { ["ok"] = true, ["sessions"] = delivered, ["users"] = users.Count };
    }

    /// <summary>
    /// Deletes the account here, in the running server, so that its sessions are closed (on UserDeleted) and
    /// every module that keeps it in memory hears of it.
    /// </summary>
    private async Task<JsonObject> DeleteUserAsync(string? jidText, CancellationToken ct)
    {
        if (!Jid.TryParse(jidText, out var jid) || jid.Local is null || jid.Resource is not null)
            return Error($"'{jidText}' is not an account address (expected user@host)");
        if (!hosts.Contains(jid.Domain))
            return Error($"{jid.Domain} is not a host of this server");
        var online = (await directory.GetSessionsAsync(jid, ct)).Count;
        if (!await deletion.DeleteAsync(jid.Domain, jid.Local, ct))
            return Error($"no such account: {jid}");
        return new JsonObject { ["ok"] = true, ["sessions"] = online };
    }

    private static string? Text(JsonElement request, string name)
        => request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonObject Error(string message) => new() { ["ok"] = false, ["error"] = message };
}
