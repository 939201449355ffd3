using Parley.Cli;

return await Commands.RunAsync(args);
