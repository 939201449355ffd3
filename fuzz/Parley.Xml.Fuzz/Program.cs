using Parley.Xml.Fuzz;

// libFuzzer mode by default (run under an instrumented build, see fuzz/README.md);
// --random SECONDS [--seed N] [--crashes DIR] runs the built-in mutation loop;
// --replay FILE... runs saved inputs once each.
if (args.Length >= 2 && args[0] == "--random")
{
    var seconds = int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture);
    var seed = Option("--seed") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : Environment.TickCount;
    var crashes = Option("--crashes") ?? Path.Combine(Environment.CurrentDirectory, "crashes");
    Console.WriteLine($"Random mode for {seconds}s, seed {seed}, crashes to {crashes}");
    return new RandomRunner(seconds, seed, crashes).Run();
}
if (args.Length >= 1 && args[0] == "--replay")
{
    var failed = 0;
    foreach (var file in args.Skip(1))
    {
        try
        {
            FuzzTarget.Run(File.ReadAllBytes(file));
            Console.WriteLine($"ok   {file}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"FAIL {file}: {e}");
        }
    }
    return failed == 0 ? 0 : 1;
}
SharpFuzz.Fuzzer.LibFuzzer.Run(span => FuzzTarget.Run(span));
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
