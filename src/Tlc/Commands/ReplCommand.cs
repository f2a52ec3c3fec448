using System.CommandLine;
using TensorLogic.Tlc.Repl;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc repl [FILE...]</c>: an interactive session. Statements accumulate into one program; queries are
/// answered as they are typed. It reads standard input, so it also works with statements piped in.
/// </summary>
internal static class ReplCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var files = FileArguments.Many("Programs to load first", required: false);
        var format = new Option<string>("--format") { Description = "How answers are printed", DefaultValueFactory = _ => "text", HelpName = "text|json" };
        format.AcceptOnlyFromAmong("text", "json");
        var engines = new EngineChoice("The engine that computes tensors");
        var parameters = new Option<string?>("--params") { Description = "Give learned tensors the values saved by 'tlc train --save DIR'", HelpName = "DIR" };
        var queries = new Option<bool>("--queries") { Description = "Answer the queries of the FILEs (and run their file writes) as they are loaded" };
        var command = new Command("repl", "Start an interactive session: type statements and queries, :help for commands")
        {
            files, queries, format, engines.Engine, engines.Device, parameters,
        };
        engines.ValidateOn(command);
        command.SetAction(result =>
        {
            var engine = engines.Create(result, threads: 0);
            if (EngineChoice.FailsToOpen(engine, environment) is { } exit)
                return exit;
            ReplSession? session = null;
            var lines = LineSources.For(environment, ReplMetaCommands.Names, () => session?.TensorNames ?? []);
            session = new ReplSession(environment, result.GetValue(format) == "json", engine, lines, result.GetValue(parameters));
            return session.Run(result.GetValue(files) ?? [], result.GetValue(queries));
        });
        return command;
    }
}
