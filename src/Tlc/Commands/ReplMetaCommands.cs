using TensorLogic.Runtime.Execution;

namespace TensorLogic.Tlc.Commands;

/// <summary>The ':' commands of the REPL: what they are called, what :help says of them, and what each runs.</summary>
internal static class ReplMetaCommands
{
    /// <summary>Every name Tab completes, short forms included.</summary>
    public static readonly string[] Names =
        [":doc", ":help", ":ir", ":limit", ":list", ":load", ":plan", ":quit", ":reset", ":save", ":shape", ":time", ":type", ":why"];

    public const string Help = """
        Statements (equations, rules, facts, declarations) add to the program; queries are answered.
          T?  R(A, x)?  T[A, x]?   ask a query
          :load FILE               add a program file (without answering its queries)
          :load --queries FILE     add a program file and answer its queries
          :save FILE               write the session's statements to FILE, in canonical form
          :why R(A, B)             how R(A, B) was derived: a tree of rules down to facts
          :why Dist[C]             how a min= or max= cell got its value: the chain that attains it
          :type T                  T's type and shape (also :shape T)
          :ir T                    the lowered equations of T's stratum (of every stratum without T)
          :plan T                  the same, with the contraction plans
          :doc NAME                the /// comment of a tensor, or a module's docs (:doc std/nn.tl)
          :list                    the tensors, with type and shape
          :time                    print how long each submission takes (again: stop)
          :limit N                 show at most N rows of an answer (0: all; :limit alone: the limit now)
          :reset                   forget everything
          :help                    this text
          :quit                    leave (also end of input, or Ctrl-D)
        A line with an open bracket continues on the next; a ':' command typed meanwhile runs, and the
        statement waits for its next line.
        On a terminal: Tab completes names, commands and paths; Up and Down walk the history, which is kept
        between sessions; Ctrl-R finds an earlier line containing what is typed; Ctrl-C drops the line, or
        stops a running query.

        """;

    private const string QueriesFlag = "--queries ";

    /// <summary><c>:limit N</c> sets how many rows an answer shows; <c>:limit</c> alone says it.</summary>
    private static void Limit(ReplSession session, string? rows)
    {
        if (rows is not null)
        {
            if (!int.TryParse(rows, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit))
            {
                session.Environment.Stderr.Write($":limit takes a number of rows (0: all), not '{rows}'\n");
                return;
            }
            session.RowLimit = limit;
        }
        session.Environment.Stdout.Write(session.RowLimit == 0 ? "answers show every row\n" : $"answers show at most {session.RowLimit} row{(session.RowLimit == 1 ? "" : "s")}\n");
    }

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
                var answer = file.StartsWith(QueriesFlag, StringComparison.Ordinal);
                session.Load(answer ? file[QueriesFlag.Length..].TrimStart() : file, answer);
                break;
            case (":limit", var rows):
                Limit(session, rows);
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
