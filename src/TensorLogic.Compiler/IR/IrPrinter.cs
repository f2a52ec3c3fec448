using System.Globalization;
using System.Text;
using TensorLogic.Compiler.Semantics;

namespace TensorLogic.Compiler.IR;

/// <summary>
/// The canonical text of the IR (<c>tlc run --emit ir</c>) and of the contraction plans
/// (<c>--emit plan</c>), which golden tests diff.
/// </summary>
public static class IrPrinter
{
    public static string Print(IrProgram program, bool withPlans = false)
    {
        var builder = new StringBuilder();
        builder.Append("target: ").Append(program.Target).Append('\n');
        if (!program.AppliedPasses.IsEmpty)
            builder.Append("passes: ").Append(string.Join(", ", program.AppliedPasses)).Append('\n');
        foreach (var stratum in program.Strata)
        {
            builder.Append("stratum {").Append(string.Join(", ", stratum.Tensors.Select(t => t.Name))).Append("} ")
                .Append(stratum.Kind.ToString().ToLowerInvariant());
            if (stratum.Kind == StratumKind.Loop)
                builder.Append(" over ").Append(stratum.LoopSteps).Append(" steps");
            if (stratum.Layers is { } layers)
                builder.Append(", first a sweep over ").Append(layers.Layers).Append(" layers").Append(layers.Descending ? ", from the last down" : "");
            builder.Append('\n');
            foreach (var equation in stratum.Equations)
                PrintEquation(builder, equation, withPlans);
            if (stratum.Recursion is { } recursion)
            {
                foreach (var relation in recursion.Relations)
                {
                    builder.Append("  delta ").Append(relation.Delta.Name).Append(", new ").Append(relation.New.Name)
                        .Append(": ").Append(relation.New.Name).Append(" = derived - ").Append(relation.Relation.Name)
                        .Append("; ").Append(relation.Relation.Name).Append(" |= ").Append(relation.New.Name)
                        .Append("; ").Append(relation.Delta.Name).Append(" = ").Append(relation.New.Name).Append('\n');
                }
                builder.Append("  rounds after the first, until every delta is empty:\n");
                foreach (var equation in recursion.DeltaEquations)
                    PrintEquation(builder, equation, withPlans);
            }
            if (stratum.MinMax is { } minMax)
            {
                foreach (var cells in minMax.Tensors)
                {
                    builder.Append("  delta ").Append(cells.Delta.Name).Append(": the cells of ").Append(cells.Tensor.Name)
                        .Append(" that changed in the last round\n");
                }
                builder.Append("  rounds after the first, until no cell changes by more than the tolerance:\n");
                foreach (var equation in minMax.DeltaEquations)
                    PrintEquation(builder, equation, withPlans);
            }
        }
        return builder.ToString();
    }

    private static void PrintEquation(StringBuilder builder, IrEquation equation, bool withPlans)
    {
        var location = equation.Location;
        builder.Append("  equation ").Append(equation.Text)
            .Append("  @").Append(Path.GetFileName(location.Source.Path)).Append(':').Append(location.Start.Line).Append('\n');
        if (equation.IsFolded)
            builder.Append("    folded: computed once before the run (all inputs are literals)\n");
        if (equation.LoopVariable is { } step)
            builder.Append("    per step of ").Append(step.Name).Append('\n');
        foreach (var term in equation.Terms)
        {
            var sign = term.Sign < 0 ? "-" : "+";
            switch (term)
            {
                case ContractionTerm contraction:
                    builder.Append("    ").Append(sign).Append(" contract ")
                        .Append(string.Join(" ", contraction.Inputs)).Append(" -> ").Append(contraction.Output);
                    if (contraction.Scale != 1)
                        builder.Append(" scale ").Append(Number(contraction.Scale));
                    if (contraction.IsMasked)
                        builder.Append(" mask ").Append(string.Join(" ", contraction.Masks.Select(m => m.ToString()).Concat(contraction.Conditions.Select(IrExpressionPrinter.Print))));
                    if (contraction.Fused is { } fused)
                        builder.Append(" computing ").Append(contraction.Inputs[fused.Position].Tensor.Name).Append(" in place");
                    builder.Append("  (").Append(Flops(contraction.Plan.Flops)).Append(")\n");
                    if (withPlans)
                        PrintPlan(builder, contraction.Plan, "      ");
                    break;
                case WindowTerm window:
                    builder.Append("    ").Append(sign).Append(" window ").Append(window.Window).Append(" = ").Append(window.Source.Name)
                        .Append('[').Append(string.Join(", ", window.SourceIndices)).Append("]; contract ")
                        .Append(string.Join(" ", window.Contraction.Inputs)).Append(" -> ").Append(window.Contraction.Output)
                        .Append("  (").Append(Flops(window.Contraction.Plan.Flops)).Append(")\n");
                    if (withPlans)
                        PrintPlan(builder, window.Contraction.Plan, "      ");
                    break;
                case BroadcastTerm broadcast:
                    builder.Append("    ").Append(sign).Append(" broadcast ").Append(broadcast.Input).Append(" -> ").Append(broadcast.Output);
                    if (broadcast.Scale != 1)
                        builder.Append(" scale ").Append(Number(broadcast.Scale));
                    builder.Append('\n');
                    break;
                case LoopTerm loop:
                    var aggregation = loop.Aggregation == Aggregation.Sum ? "" : $" {loop.Aggregation.ToString().ToLowerInvariant()}";
                    builder.Append("    ").Append(sign).Append(" loop").Append(aggregation).Append(" over [")
                        .Append(string.Join(", ", loop.Term.Variables.Select(v => $"{v.Name}:{v.Size}"))).Append("] ")
                        .Append(string.Join(" ", loop.Term.Factors.Select(IrExpressionPrinter.Print))).Append('\n');
                    break;
            }
        }
        var finish = equation.Finish is { } function
            ? function.Function.Name + (function.NormalizedAxes.IsDefaultOrEmpty ? "" : $" along {string.Join(",", function.NormalizedAxes)}")
            : "none";
        var mask = equation.ReachesEveryCell ? "" : ", reached cells only";
        var combine = equation.Target.IsBoolean ? "or" : "add";
        builder.Append("    finish ").Append(finish).Append(mask).Append("; ").Append(combine).Append(" into ").Append(equation.Target.Name).Append('\n');
    }

    public static void PrintPlan(StringBuilder builder, ContractionPlan plan, string indent)
    {
        foreach (var step in plan.Steps)
        {
            var inputs = step.Right is null ? step.Left.ToString() : $"{step.Left} * {step.Right}";
            builder.Append(indent).Append(step.Kind.ToString().ToLowerInvariant()).Append(' ').Append(inputs)
                .Append(" -> ").Append(step.Result).Append("  ").Append(Flops(step.Flops))
                .Append(", result ").Append(step.Result.Elements.ToString("N0", CultureInfo.InvariantCulture)).Append(" elements\n");
        }
    }

    public static string Flops(double flops) => flops switch
    {
        >= 1e9 => $"{(flops / 1e9).ToString("0.##", CultureInfo.InvariantCulture)} GFLOP",
        >= 1e6 => $"{(flops / 1e6).ToString("0.##", CultureInfo.InvariantCulture)} MFLOP",
        >= 1e3 => $"{(flops / 1e3).ToString("0.##", CultureInfo.InvariantCulture)} kFLOP",
        _ => $"{flops.ToString("0", CultureInfo.InvariantCulture)} FLOP",
    };

    private static string Number(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
