using TensorLogic.Runtime.Execution;

namespace TensorLogic.Tlc.Commands;

/// <summary>The ':' commands of the REPL: what they are called, what :help says of them, and what each runs.</summary>
internal static class ReplMetaCommands
{
    /// <summary>Every name Tab completes, short forms included.</summary>
    public static readonly string[] Names =
        [":doc", ":help", ":ir", ":list", ":load", ":plan", ":quit", ":reset", ":save", ":shape", ":time", ":type", ":why"];

    public const string Help = """
        Statements (equations, rules, facts, declarations) add to the program; queries are answered.
          T?  R(A, x)?  T[A, x]?   ask a query
          :load FILE               add a program file
          :save FILE               write the session's statements to FILE, in canonical form
          :why R(A, B)             how R(A, B) was derived: a tree of rules down to facts
          :why Dist[C]             how a min= or max= cell got its value: the chain that attains it
          :type T                  T's type and shape (also :shape T)
          :ir T                    the lowered equations of T's stratum (of every stratum without T)
          :plan T                  the same, with the contraction plans
          :doc NAME                the /// comment of a tensor, or a module's docs (:doc std/nn.tl)
          :list                    the tensors, with type and shape
          :time                    print how long each submission takes (again: stop)
          :reset                   forget everything
          :help                    this text
          :quit                    leave (also end of input, or Ctrl-D)
        A line with an open bracket continues on the next; a ':' command typed meanwhile runs, and the
        statement waits for its next line.
        On a terminal: Tab completes names, commands and paths; Up and Down walk the history, which is kept
        between sessions; Ctrl-R finds an earlier line containing what is typed; Ctrl-C drops the line, or
        stops a running query.

        """;

    /// <summary>Runs one command line; false when it asks to leave.</summary>
    public static bool Run(ReplSession session, string line)
    {
        var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = parts.Length == 2 ? parts[1] : null;
        var inspect = new ReplInspection(session, line);
        var output = session.Environment.Stdout;
        switch (parts[0], argument)
        {
            case (":quit" or ":q" or ":exit", _):
                return false;
            case (":help" or ":h", _):
                output.Write(Help);
                break;
            case (":reset", _):
                session.Reset();
                output.Write("program cleared\n");
                break;
            case (":list", _):
                inspect.List();
                break;
            case (":time", _):
                session.Timing = !session.Timing;
                output.Write(session.Timing ? "timing on\n" : "timing off\n");
                break;
            case (":load", { } file):
                session.Load(file);
                break;
            case (":save", { } file):
                inspect.Save(file);
                break;
            case (":why", { } goal):
                Explanation.Write(session.Sources, goal, session.Engine, new EvaluationOptions(), output, Report.Writer(session.Environment));
                break;
            case (":type" or ":shape", { } name):
                inspect.Type(name);
                break;
            case (":ir", var name):
                inspect.Ir(name, withPlans: false);
                break;
            case (":plan", var name):
                inspect.Ir(name, withPlans: true);
                break;
            case (":doc", { } name):
                inspect.Doc(name);
                break;
            default:
                session.Environment.Stderr.Write($"unknown command '{line}'; type :help for the commands\n");
                break;
        }
        return true;
    }
}
