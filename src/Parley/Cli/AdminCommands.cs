using System.Text.Json.Nodes;
using Parley.Protocol;

namespace Parley.Cli;

/// <summary>Verbs that act on the running server through its admin socket.</summary>
internal static class AdminCommands
{
    /// <summary>
    /// <c>parley announce HOST</c>: a headline to every session online on the host; the text comes from
    /// <c>--message</c> or, without it, from standard input.
    /// </summary>
    public static async Task<int> AnnounceAsync(string? configPath, string hostText, string? message, CancellationToken ct)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return Commands.BadInput;
        if (!Jid.TryNormalizeDomain(hostText, out var host) || !config.Options.Hosts.ContainsKey(host!))
        {
            Console.Error.WriteLine($"parley: '{hostText}' is not a host of this server (hosts: {string.Join(", ", config.Options.Hosts.Keys)})");
            return Commands.BadInput;
        }
        message ??= Console.IsInputRedirected ? await Console.In.ReadToEndAsync(ct) : null;
        message = message?.TrimEnd('\r', '\n');
        if (string.IsNullOrWhiteSpace(message))
        {
            Console.Error.WriteLine("parley: no message (give --message TEXT or pipe it on standard input)");
            return Commands.BadInput;
        }
        await using var admin = await AdminClient.ConnectAsync(config.Options, ct);
        if (admin is null)
        {
            Console.Error.WriteLine($"parley: the server is not running (nothing answers on {config.Options.AdminSocketPath ?? "the admin socket, which is turned off"})");
            return Commands.Failed;
        }
        var answer = await admin.SendAsync(new JsonObject { ["command"] = "announce", ["host"] = host, ["message"] = message }, ct);
        if (AdminClient.ErrorOf(answer) is { } error)
        {
            Console.Error.WriteLine($"parley: {error}");
            return Commands.Failed;
        }
        var sessions = answer["sessions"]!.GetValue<int>();
        var users = answer["users"]!.GetValue<int>();
        Console.WriteLine($"Announced to {users} {(users == 1 ? "user" : "users")} online on {host} ({sessions} {(sessions == 1 ? "session" : "sessions")}).");
        return Commands.Ok;
    }
}
