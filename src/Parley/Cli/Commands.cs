using System.CommandLine;
using Parley.Server.Config;

namespace Parley.Cli;

/// <summary>The one executable's verbs. Exit codes: 0 done, 1 the operation failed, 2 bad arguments or config.</summary>
internal static class Commands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadInput = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var config = new Option<string?>("--config", "-c")
        {
            Description = "Config file (TOML). Without it Parley runs on its embedded defaults.",
            Recursive = true,
        };
        var root = new RootCommand("Parley, an XMPP server.");
        root.Options.Add(config);

        var run = new Command("run", "Run the server.");
        run.SetAction((p, ct) => RunCommand.RunAsync(p.GetValue(config), ct));
        root.Subcommands.Add(run);

        var jid = new Argument<string>("jid") { Description = "The account, as user@host." };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input." };
        var adduser = new Command("adduser", "Create an account (asks for the password).") { jid, passwordStdin };
        adduser.SetAction((p, ct) => UserCommands.AddAsync(p.GetValue(config), p.GetValue(jid)!, p.GetValue(passwordStdin), ct));
        root.Subcommands.Add(adduser);

        var passwd = new Command("passwd", "Set an account's password.") { jid, passwordStdin };
        passwd.SetAction((p, ct) => UserCommands.PasswdAsync(p.GetValue(config), p.GetValue(jid)!, p.GetValue(passwordStdin), ct));
        root.Subcommands.Add(passwd);

        var deluser = new Command("deluser", "Delete an account and its data (and end its sessions if the server is running).") { jid };
        deluser.SetAction((p, ct) => UserCommands.DeleteAsync(p.GetValue(config), p.GetValue(jid)!, ct));
        root.Subcommands.Add(deluser);

        var roster = new Command("roster", "Show an account's roster: contacts, names, subscriptions, pending requests, groups.") { jid };
        roster.SetAction((p, ct) => RosterCommands.ShowAsync(p.GetValue(config), p.GetValue(jid)!, ct));
        root.Subcommands.Add(roster);

        var host = new Argument<string>("host") { Description = "A virtual host." };
        var users = new Command("users", "List the accounts of a host.") { host };
        users.SetAction((p, ct) => UserCommands.ListAsync(p.GetValue(config), p.GetValue(host)!, ct));
        root.Subcommands.Add(users);

        var message = new Option<string?>("--message", "-m") { Description = "The text; without it, standard input is read." };
        var announce = new Command("announce", "Send a message to every user online on a host (the server must be running).") { host, message };
        announce.SetAction((p, ct) => AdminCommands.AnnounceAsync(p.GetValue(config), p.GetValue(host)!, p.GetValue(message), ct));
        root.Subcommands.Add(announce);

        var check = new Command("check", "Check the installation.");
        var checkConfig = new Command("config", "Load and validate the config; report unknown keys.");
        checkConfig.SetAction((p, _) => CheckCommands.ConfigAsync(p.GetValue(config)));
        check.Subcommands.Add(checkConfig);
        var domain = new Argument<string>("host") { Description = "The domain to look up." };
        var checkDns = new Command("dns", "Show a domain's SRV and A/AAAA records as clients and servers use them (uses s2s.dns_servers).") { domain };
        checkDns.SetAction((p, ct) => CheckDnsCommand.RunAsync(p.GetValue(config), p.GetValue(domain)!, ct));
        check.Subcommands.Add(checkDns);
        var checkCerts = new Command("certs", "Check each host's certificate: names covered, expiry, chain, key.");
        checkCerts.SetAction(p => CheckCertsCommand.Run(p.GetValue(config)));
        check.Subcommands.Add(checkCerts);
        root.Subcommands.Add(check);

        var docs = new Command("docs", "Print generated documentation.");
        var xeps = new Command("xeps", "The protocol table of docs/xeps.md.");
        xeps.SetAction(_ => CheckCommands.Xeps());
        docs.Subcommands.Add(xeps);
        root.Subcommands.Add(docs);

        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Loads the config or prints why it cannot, naming the key.</summary>
    public static LoadedConfig? LoadConfig(string? path)
    {
        try
        {
            return ConfigLoader.Load(path);
        }
        catch (ConfigException e)
        {
            Console.Error.WriteLine($"parley: bad configuration:{Environment.NewLine}{e.Message}");
            return null;
        }
    }
}
