// `tlc train` runs in a child process with tiered compilation off (TrainingProcess says why).
if (TensorLogic.Tlc.TrainingProcess.RunInChild(args) is { } code)
    return code;
// Most verbs parse a program; the grammar's set-up then overlaps with building the command line (see docs/architecture.md, "Start-up").
TensorLogic.Syntax.Parsing.SyntaxParser.PrepareInBackground();
// This process is tlc's own: a run that outlives --timeout inside an uninterruptible step may be ended.
TensorLogic.Tlc.Commands.RunWatchdog.Armed = true;
return TensorLogic.Tlc.Commands.CommandLine.Run(args, Console.Out, Console.Error);
