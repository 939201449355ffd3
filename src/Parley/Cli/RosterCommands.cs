using Microsoft.Extensions.DependencyInjection;
using Parley.Composition;
using Parley.Modules.Roster;
using Parley.Protocol;
using Parley.Server.Storage;

namespace Parley.Cli;

/// <summary>`parley roster JID`: an account's contacts, read from the server's own store (RFC 6121 §2, §3).</summary>
internal static class RosterCommands
{
    private static readonly string[] Header = ["CONTACT", "NAME", "SUBSCRIPTION", "PENDING", "GROUPS"];

    public static async Task<int> ShowAsync(string? configPath, string jidText, CancellationToken ct)
    {
        var (config, jid) = UserCommands.Resolve(configPath, jidText);
        if (config is null || jid is null)
            return Commands.BadInput;
        await using var services = ParleyApp.BuildServices(config);
        if (!await services.GetRequiredService<IUserStore>().ExistsAsync(jid.Domain, jid.Local!, ct))
        {
            Console.Error.WriteLine($"parley: no such account: {jid}");
            return Commands.Failed;
        }
        var store = services.GetRequiredService<IRosterStore>();
        var roster = await store.GetRosterAsync(jid.Domain, jid.Local!, ct);
        var pending = await store.GetPendingRequestsAsync(jid.Domain, jid.Local!, ct);
        Console.Write(Render(roster, pending));
        return Commands.Ok;
    }

    /// <summary>One line per contact, the roster's items first, then requests from contacts not in it.</summary>
    internal static string Render(RosterSnapshot roster, IReadOnlyList<Contact> pending)
    {
        var waiting = pending.Select(p => p.Jid).ToHashSet();
        var rows = new List<string[]> { Header };
        foreach (var item in roster.Items)
            rows.Add([item.Jid.ToString(), item.Name ?? "", item.Subscription.ToString().ToLowerInvariant(),
                Pending(item.Ask, waiting.Contains(item.Jid), item.Approved), string.Join(", ", item.Groups)]);
        foreach (var request in pending.Where(p => !roster.Items.Any(i => i.Jid == p.Jid)))
            rows.Add([request.Jid.ToString(), "", "none", Pending(false, true, false), ""]);
        var widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new System.Text.StringBuilder();
        foreach (var row in rows)
            sb.Append(string.Join("  ", row.Select((cell, c) => c == 4 ? cell : cell.PadRight(widths[c]))).TrimEnd()).Append('\n');
        sb.Append($"{roster.Items.Count} items, {pending.Count} requests waiting, version {roster.Version}\n");
        return sb.ToString();
    }

    // "out": the account asked to subscribe (ask); "in": the contact asked and awaits an answer; "approved": a
    // request the account approved in advance (§3.4).
    private static string Pending(bool ask, bool waiting, bool approved)
    {
        var parts = new List<string>();
        if (ask)
            parts.Add("out");
        if (waiting)
            parts.Add("in");
        if (approved)
            parts.Add("approved");
        return parts.Count == 0 ? "-" : string.Join("+", parts);
    }
}
