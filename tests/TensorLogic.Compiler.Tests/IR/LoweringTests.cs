using TensorLogic.Compiler.Passes;
using TensorLogic.Compiler.Planning;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Semantics;
using TensorLogic.Syntax.Diagnostics;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Compiler.Tests.IR;

/// <summary>
/// The IR's text form is pinned for every corrected paper program (kernels, plans, passes), and each
/// rewrite pass is tested as an equivalence of printed programs.
/// </summary>
public class LoweringTests
{
    private static readonly ExecutionTarget Cpu = new("cpu");

    private static IReadOnlySet<TensorSymbol> Outputs(BoundProgram program) => program.Outputs.Select(o => o.Tensor).ToHashSet();

    public static TheoryData<string> Corrected() =>
        [.. Directory.GetFiles(Repository.PathOf("tests", "fixtures", "paper", "corrected"), "*.tl")
            .Select(p => Path.GetFileNameWithoutExtension(p)!).Order(StringComparer.Ordinal)];

    private static BoundProgram Bind(string text, string path = "test.tl")
    {
        var result = Compilation.Compile([new SourceText(text, path)], null);
        Assert.True(result.Bound is not null, DiagnosticFormatter.Format(result.Diagnostics));
        return result.Bound!;
    }

    [Theory]
    [MemberData(nameof(Corrected))]
    public void Lowered_program_with_plans(string name)
    {
        var path = Repository.PathOf("tests", "fixtures", "paper", "corrected", name + ".tl");
        var ir = PassPipeline.Compile(Bind(File.ReadAllText(path), $"{name}.tl"), Cpu);
        Golden.Verify(IrPrinter.Print(ir, withPlans: true), $"paper-corrected-{name}.ir");
    }

    private static string Equations(BoundProgram program) =>
        string.Join("\n", program.Equations.Select(BoundProgramPrinter.Print));

    [Fact]
    public void Common_subexpressions_are_computed_once()
    {
        var program = Bind("""
            W = [[1, 2], [3, 4]]
            X = [1, 1]
            A[i] = relu(W[i, j] X[j])
            B[i] = sig(W[i, j] X[j])
            A?
            B?
            """);
        Assert.Equal("""
            $cse0[i] += Σ[i,j] W[i, j] X[j]
            A[i] += relu(Σ[i] $cse0[i])
            B[i] += sig(Σ[i] $cse0[i])
            """, Equations(CommonSubexpressionElimination.Run(program)));
    }

    [Fact]
    public void Elementwise_chains_are_fused()
    {
        var program = Bind("""
            A = [[1, -2], [3, -4]]
            B = [[1, 1], [2, 2]]
            H[i, j] = relu(A[i, j])
            Y[i, j] = exp(H[i, j]) B[i, j]
            Y?
            """);
        Assert.Equal("""
            Y[i, j] += Σ[i,j] exp(relu(A[i, j])) B[i, j]
            """, Equations(ElementwiseFusion.Run(program, Outputs(program))));
    }

    [Fact]
    public void A_producer_used_by_a_contraction_is_not_fused()
    {
        var program = Bind("""
            A = [1, -2]
            W = [[1, 2], [3, 4]]
            H[j] = relu(A[j])
            Y[i] = W[i, j] H[j]
            Y?
            """);
        Assert.Same(program, ElementwiseFusion.Run(program, Outputs(program)));
    }

    [Fact]
    public void Equations_no_output_needs_are_dropped()
    {
        var program = Bind("""
            X = [1, 2]
            Y = X[i]
            Z = relu(X[i])
            Y?
            """);
        Assert.Equal("Y += Σ[i] X[i]", Equations(DeadEquationElimination.Run(program, Outputs(program))));
    }

    [Fact]
    public void Constant_factors_fold_into_the_contraction_scale()
    {
        var program = Bind("""
            Dk = 4
            Q = [[1, 0], [0, 1]]
            K = [[1, 2], [3, 4]]
            S[p, q] = Q[p, d] K[q, d] / sqrt(Dk)
            S?
            """);
        var text = IrPrinter.Print(PassPipeline.Compile(program, Cpu));
        Assert.Contains("+ contract Q[p,d] K[q,d] -> S[p,q] scale 0.5", text);
    }
}
