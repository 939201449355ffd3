using Microsoft.Extensions.DependencyInjection;
using Parley.Composition;
using Parley.Protocol;
using Parley.Server.Config;
using Parley.Server.Sasl;
using Parley.Server.Storage;

namespace Parley.Cli;

/// <summary>
/// Account administration on the server's own stores, composed as the server composes them
/// (<see cref="ParleyApp.BuildServices"/>); safe while the server runs (SQLite WAL).
/// </summary>
internal static class UserCommands
{
    public static async Task<int> AddAsync(string? configPath, string jidText, bool passwordStdin, CancellationToken ct)
    {
        var (config, jid) = Resolve(configPath, jidText);
        if (config is null || jid is null)
            return Commands.BadInput;
        var password = ReadPassword(passwordStdin, confirm: true);
        if (password is null)
            return Commands.BadInput;
        if (!TryDerive(password, config.Options.Sasl.ScramIterations, out var credentials))
            return Commands.BadInput;
        await using var services = ParleyApp.BuildServices(config);
        if (!await services.GetRequiredService<IUserStore>().CreateAsync(jid.Domain, jid.Local!, credentials!, ct))
        {
            Console.Error.WriteLine($"parley: {jid} already exists (use 'parley passwd' to change its password)");
            return Commands.Failed;
        }
        Console.WriteLine($"Created {jid}.");
        return Commands.Ok;
    }

    public static async Task<int> PasswdAsync(string? configPath, string jidText, bool passwordStdin, CancellationToken ct)
    {
        var (config, jid) = Resolve(configPath, jidText);
        if (config is null || jid is null)
            return Commands.BadInput;
        await using var services = ParleyApp.BuildServices(config);
        var store = services.GetRequiredService<IUserStore>();
        if (!await store.ExistsAsync(jid.Domain, jid.Local!, ct))
        {
            Console.Error.WriteLine($"parley: no such account: {jid}");
            return Commands.Failed;
        }
        var password = ReadPassword(passwordStdin, confirm: true);
        if (password is null || !TryDerive(password, config.Options.Sasl.ScramIterations, out var credentials))
            return Commands.BadInput;
        await store.SetCredentialsAsync(jid.Domain, jid.Local!, credentials!, ct);
        Console.WriteLine($"Password of {jid} changed.");
        return Commands.Ok;
    }

    public static async Task<int> DeleteAsync(string? configPath, string jidText, CancellationToken ct)
    {
        var (config, jid) = Resolve(configPath, jidText);
        if (config is null || jid is null)
            return Commands.BadInput;
        // A running server deletes it itself, so that it also ends the account's sessions and every module hears of
        // it (UserDeleted); otherwise the data is deleted here, with the server's own stores.
        await using (var admin = await AdminClient.ConnectAsync(config.Options, ct))
        {
            if (admin is not null)
            {
                var answer = await admin.SendAsync(new System.Text.Json.Nodes.JsonObject { ["command"] = "deluser", ["jid"] = jid.ToString() }, ct);
                if (AdminClient.ErrorOf(answer) is { } error)
                {
                    Console.Error.WriteLine($"parley: {error}");
                    return Commands.Failed;
                }
                var sessions = answer["sessions"]!.GetValue<int>();
                Console.WriteLine($"Deleted {jid} ({sessions} {(sessions == 1 ? "session" : "sessions")} closed).");
                return Commands.Ok;
            }
        }
        // Every store that keeps per-account data forgets the account first, then the account goes.
        await using var services = ParleyApp.BuildServices(config);
        if (!await services.GetRequiredService<AccountDeletion>().DeleteAsync(jid.Domain, jid.Local!, ct))
        {
            Console.Error.WriteLine($"parley: no such account: {jid}");
            return Commands.Failed;
        }
        Console.WriteLine($"Deleted {jid}.");
        return Commands.Ok;
    }

    public static async Task<int> ListAsync(string? configPath, string hostText, CancellationToken ct)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return Commands.BadInput;
        if (!Jid.TryNormalizeDomain(hostText, out var host) || !config.Options.Hosts.ContainsKey(host!))
        {
            Console.Error.WriteLine($"parley: '{hostText}' is not a host of this server (hosts: {string.Join(", ", config.Options.Hosts.Keys)})");
            return Commands.BadInput;
        }
        await using var services = ParleyApp.BuildServices(config);
        foreach (var user in await services.GetRequiredService<IUserStore>().ListAsync(host!, ct))
            Console.WriteLine($"{user}@{host}");
        return Commands.Ok;
    }

    internal static (LoadedConfig? Config, Jid? Jid) Resolve(string? configPath, string jidText)
    {
        var config = Commands.LoadConfig(configPath);
        if (config is null)
            return (null, null);
        if (!Jid.TryParse(jidText, out var jid) || jid!.Local is null || jid.Resource is not null)
        {
            Console.Error.WriteLine($"parley: '{jidText}' is not an account address (expected user@host)");
            return (config, null);
        }
        if (!config.Options.Hosts.ContainsKey(jid.Domain))
        {
            Console.Error.WriteLine($"parley: {jid.Domain} is not a host of this server (hosts: {string.Join(", ", config.Options.Hosts.Keys)})");
            return (config, null);
        }
        return (config, jid);
    }

    private static bool TryDerive(string password, int iterations, out IReadOnlyList<ScramCredential>? credentials)
    {
        try
        {
            credentials = ScramKeys.DeriveAll(password, iterations);
            return true;
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"parley: unusable password: {e.Message}");
            credentials = null;
            return false;
        }
    }

    private static string? ReadPassword(bool fromStdin, bool confirm)
    {
        if (fromStdin)
        {
            var line = Console.In.ReadLine();
            if (string.IsNullOrEmpty(line))
            {
                Console.Error.WriteLine("parley: no password on standard input");
                return null;
            }
            return line;
        }
        if (Console.IsInputRedirected)
        {
            Console.Error.WriteLine("parley: standard input is not a terminal; use --password-stdin");
            return null;
        }
        var first = Prompt("Password: ");
        if (first.Length == 0)
        {
            Console.Error.WriteLine("parley: empty password");
            return null;
        }
        if (confirm && Prompt("Again: ") != first)
        {
            Console.Error.WriteLine("parley: the passwords differ");
            return null;
        }
        return first;
    }

    private static string Prompt(string label)
    {
        Console.Write(label);
        var chars = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
                break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (chars.Length > 0)
                    chars.Length--;
                continue;
            }
            chars.Append(key.KeyChar);
        }
        Console.WriteLine();
        return chars.ToString();
    }
}
