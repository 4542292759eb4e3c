using MtaSts.Cli;

return await MtaStsCli.RunAsync(args, Console.Out, Console.Error);
