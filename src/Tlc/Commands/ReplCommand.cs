using System.CommandLine;

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
        var engine = new Option<string>("--engine") { Description = "The engine that computes tensors", DefaultValueFactory = _ => "cpu", HelpName = "cpu|cpu-f64|reference" };
        engine.AcceptOnlyFromAmong("cpu", "cpu-f64", "reference");
        var parameters = new Option<string?>("--params") { Description = "Give learned tensors the values saved by 'tlc train --save DIR'", HelpName = "DIR" };
        var command = new Command("repl", "Start an interactive session: type statements and queries, :help for commands")
        {
            files, format, engine, parameters,
        };
        command.SetAction(result =>
        {
            var repl = new Repl(environment, result.GetValue(format) == "json", RunCommand.EngineFor(result.GetValue(engine)!, 0), result.GetValue(parameters));
            return repl.Run(result.GetValue(files) ?? []);
        });
        return command;
    }
}
