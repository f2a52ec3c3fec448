using System.Numerics;
using System.Text;
using TensorLogic.Compiler.IR;
using TensorLogic.Runtime.Kernels;

namespace TensorLogic.Runtime.Execution;

/// <summary>
/// <c>tlc run --emit kernels</c>: each equation of the lowered program with the kernel an engine's provider
/// compiles for it and how that kernel was specialized, or the provider's reason to decline it. Compiling
/// kernels runs nothing, so this shows what a run would use without running it.
/// </summary>
public static class KernelListing
{
    public static string Print<T>(IKernelProvider<T> provider, IrProgram program)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var text = new StringBuilder();
        foreach (var stratum in program.Strata)
        {
            text.Append($"stratum {string.Join(", ", stratum.Tensors.Select(t => t.Name))} ({stratum.Kind.ToString().ToLowerInvariant()})\n");
            if (provider.TryCompileStratum(stratum) is { } whole)
            {
                foreach (var equation in stratum.Equations)
                    text.Append($"  {equation.Location.Start.Line}: {equation.Text}\n");
                text.Append($"    {provider.Name} {whole.Kind}: every round of these rules\n");
                if (whole is IDescribedKernel described)
                {
                    foreach (var line in described.Specialization.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        text.Append($"      {line}\n");
                }
                continue;
            }
            foreach (var equation in stratum.Equations.Concat(stratum.Recursion?.DeltaEquations ?? []).Concat(stratum.MinMax?.DeltaEquations ?? []))
            {
                text.Append($"  {equation.Location.Start.Line}: {equation.Text}\n");
                var choice = provider.TryCompile(equation, stratum);
                if (choice.Kernel is not { } kernel)
                {
                    text.Append($"    declined by {provider.Name}: {choice.DeclineReason} (the reference computes it)\n");
                    continue;
                }
                text.Append($"    {provider.Name} {kernel.Kind}\n");
                if (kernel is IDescribedKernel described)
                {
                    foreach (var line in described.Specialization.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                        text.Append($"      {line}\n");
                }
            }
        }
        return text.ToString();
    }
}
