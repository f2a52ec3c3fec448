using System.CommandLine;
using System.Text;
using TensorLogic.Compiler;
using TensorLogic.Compiler.Differentiation;
using TensorLogic.Compiler.Loading;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Syntax.Tree;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// <c>tlc grad FILE --of Loss --wrt W</c>: prints a runnable program computing the gradients — the program
/// without its queries and writes, the gradient equations, and one query per gradient — so that
/// <c>tlc grad f.tl --of Loss --wrt W &gt; g.tl &amp;&amp; tlc run g.tl</c> prints them.
/// </summary>
internal static class GradCommand
{
    public static Command Create(CommandEnvironment environment)
    {
        var file = FileArguments.One("The program to differentiate");
        var of = new Option<string?>("--of") { Description = "The loss: a real scalar tensor of the program (default: the learn statement's)", HelpName = "TENSOR" };
        var wrt = new Option<string[]>("--wrt")
        {
            Description = "A tensor to differentiate with respect to (repeatable); default: every tensor the program would learn, those with no data and no equations",
            HelpName = "TENSOR",
            AllowMultipleArgumentsPerToken = false,
        };
        var step = new Option<string>("--step") { Description = "The gradient of step: zero (exact), straight (straight-through) or sigmoid (of sig(x, T))", DefaultValueFactory = _ => "zero", HelpName = "zero|straight|sigmoid" };
        step.AcceptOnlyFromAmong("zero", "straight", "sigmoid");
        var temperature = new Option<double>("--temperature") { Description = "T of the sigmoid relaxation of step", DefaultValueFactory = _ => 1.0, HelpName = "T" }
            .AcceptFinitePositive();
        var command = new Command("grad", "Print a program that computes the gradients of a loss") { file, of, wrt, step, temperature };
        command.SetAction(result =>
        {
            var options = new GradientOptions
            {
                Step = StepGradientOf(result.GetValue(step)!),
                Temperature = result.GetValue(temperature).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            };
            return Run(result.GetValue(file)!, result.GetValue(of), result.GetValue(wrt) ?? [], options, environment);
        });
        return command;
    }

    internal static StepGradient StepGradientOf(string name) => name switch
    {
        "straight" => StepGradient.StraightThrough,
        "sigmoid" => StepGradient.Sigmoid,
        _ => StepGradient.Zero,
    };

    internal static int Run(string path, string? lossName, IReadOnlyList<string> wrtNames, GradientOptions options, CommandEnvironment environment)
    {
        var diagnostics = Report.Writer(environment);
        if (SourceFiles.Read(path, out var failure) is not { } source)
        {
            diagnostics.Write(failure!);
            return Report.Finish(diagnostics, inputUnreadable: true);
        }
        var compiled = Compilation.Compile([source], DataReaders.Default, ProgramLoader.DefaultSearchPath());
        diagnostics.Write(compiled.Diagnostics);
        if (compiled.HasErrors || compiled.Bound is not { } program)
            return Report.Finish(diagnostics, inputUnreadable: false);

        var bag = new DiagnosticBag();
        // Without --of and --wrt, the learn statement says what the loss is and what is learned.
        var learning = program.Learning;
        var loss = lossName is not null ? Named(program, lossName, "--of", bag) : learning?.Loss;
        if (loss is null && lossName is null)
            bag.Report(Catalog.UnknownGradientTensor, null, "no loss: name it with --of, or give the program a learn statement");
        var wrt = wrtNames.Select(n => Named(program, n, "--wrt", bag)).ToList();
        if (loss is not null && wrtNames.Count == 0)
        {
            wrt = learning is { HasExplicitLearned: true } && learning.Loss == loss
                ? [.. learning.Learned]
                : [.. Learnables.Of(program, loss, learning?.Fixed ?? [])];
        }
        if (loss is not null && wrt.Count == 0 && !bag.HasErrors)
            bag.Report(Catalog.LossIndependent, loss.Location, $"the loss '{loss.Name}' depends on no tensor that could be learned",
                "every tensor it reads has data or equations; name one with --wrt");
        GradientProgram? gradients = null;
        if (!bag.HasErrors)
            gradients = GradientCompiler.Compile(program, loss!, [.. wrt.OfType<Compiler.Semantics.TensorSymbol>()], options, bag);
        diagnostics.Write(Report.Sorted(bag));
        if (gradients is null)
            return Report.Finish(diagnostics, inputUnreadable: false);
        environment.Stdout.Write(Standalone(source, compiled.Program.Units[0], gradients));
        return Report.Finish(diagnostics, inputUnreadable: false);
    }

    private static Compiler.Semantics.TensorSymbol? Named(Compiler.Semantics.BoundProgram program, string name, string option, DiagnosticBag bag)
    {
        if (program.FindTensor(name) is { IsSynthesized: false } tensor)
            return tensor;
        var near = TensorLogic.Syntax.Diagnostics.NameSuggestions.Nearest(name, program.Tensors.Select(t => t.Name));
        bag.Report(Catalog.UnknownGradientTensor, null, $"{option} names '{name}', which is not a tensor of the program",
            near is null ? null : $"did you mean '{near}'?");
        return null;
    }

    /// <summary>
    /// The program as written (comments kept) less its queries and writes, then the gradient equations and
    /// their queries: what runs prints just the gradients.
    /// </summary>
    private static string Standalone(SourceText source, CompilationUnit unit, GradientProgram gradients)
    {
        var text = source.Text;
        var cuts = unit.Statements.Where(s => s is QueryStatement or FileWriteStatement).Select(s => s.Span).OrderBy(s => s.Start).ToList();
        var builder = new StringBuilder();
        var position = 0;
        foreach (var span in cuts)
        {
            builder.Append(text, position, span.Start - position);
            position = span.End;
            // Take the rest of the line too, so no empty line or dangling '.' is left.
            while (position < text.Length && text[position] is ' ' or '\t' or '.')
                position++;
            if (position < text.Length && text[position] == '\r')
                position++;
            if (position < text.Length && text[position] == '\n')
                position++;
        }
        builder.Append(text, position, text.Length - position);
        if (builder.Length > 0 && builder[^1] != '\n')
            builder.Append('\n');
        builder.Append($"\n// The gradients of {gradients.Loss.Name}, written by tlc grad: D{gradients.Loss.Name}_dX is d{gradients.Loss.Name}/dX.\n");
        builder.Append(gradients.Text);
        builder.Append('\n');
        builder.Append(gradients.QueryText);
        return builder.ToString();
    }
}
