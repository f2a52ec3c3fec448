using TensorLogic.Compiler;
using TensorLogic.Compiler.IR;
using TensorLogic.Compiler.Passes;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Kernels;
using TensorLogic.Runtime.Reference;
using TensorLogic.Runtime.Values;
using TensorLogic.Syntax.Text;

namespace TensorLogic.Runtime.Tests.Engines;

/// <summary>
/// A provider's whole-stratum kernel: its relations are what the runner publishes, and when it gives up part
/// way the rounds run with the equation kernels and the reason is a decline (an error under --strict-engine).
/// </summary>
public class StratumKernelTests
{
    private const string Program = "Edge(0, 1)\nEdge(1, 2)\nReach(x, y) <- Edge(x, y)\nReach(x, z) <- Reach(x, y), Edge(y, z)\nReach?";

    [Fact]
    public void The_stratum_kernels_relations_are_the_answer()
    {
        var (reach, session) = Run(new StratumEngine(giveUp: false), strict: false);
        // The fake kernel answers one tuple whatever the rules say: proof that its result is what is published.
        Assert.Equal([[2, 0]], reach);
        Assert.Contains(session.Profile, p => p.Kernel == "fake stratum");
        Assert.Empty(session.Declines);
    }

    [Fact]
    public void A_kernel_that_gives_up_leaves_the_rounds_to_the_equation_kernels()
    {
        var (reach, session) = Run(new StratumEngine(giveUp: true), strict: false);
        Assert.Equal([[0, 1], [0, 2], [1, 2]], reach);
        var decline = Assert.Single(session.Declines);
        Assert.Equal("too many tuples for the device", decline.Reason);
        Assert.Equal("reference", decline.ComputedBy);
        Assert.Throws<EngineDeclinedException>(() => Run(new StratumEngine(giveUp: true), strict: true));
    }

    private static (int[][] Tuples, Session Session) Run(IEngine engine, bool strict)
    {
        var compiled = Compilation.Compile([new SourceText(Program, "test.tl")], new DataFileReader());
        var session = new Session(compiled.Bound!, engine, new EvaluationOptions { StrictEngine = strict });
        var reach = (Relation)session.Evaluate(compiled.Bound!.FindTensor("Reach")!);
        return ([.. reach.Tuples.Select(t => t.ToArray()).OrderBy(t => t[0]).ThenBy(t => t[1])], session);
    }

    /// <summary>The reference's kernels, plus a stratum kernel that answers a fixed tuple or gives up.</summary>
    private sealed class StratumEngine(bool giveUp) : Engine<double>
    {
        public override string Name => "stratum-test";

        public override ExecutionTarget Target { get; } = ExecutionTarget.Unoptimized("stratum-test");

        protected override IKernelProvider<double> CreateProvider() => new Provider(giveUp);
    }

    private sealed class Provider(bool giveUp) : IKernelProvider<double>
    {
        private readonly ReferenceKernels<double> _reference = new();

        public string Name => "stratum-test";

        public KernelChoice<double> TryCompile(IrEquation equation, IrStratum stratum) => _reference.TryCompile(equation, stratum);

        public IStratumKernel<double>? TryCompileStratum(IrStratum stratum) => new Kernel(giveUp);

        public void Dispose() => _reference.Dispose();
    }

    private sealed class Kernel(bool giveUp) : IStratumKernel<double>
    {
        public string Kind => "fake stratum";

        public IReadOnlyDictionary<Compiler.Semantics.TensorSymbol, Relation> Run(IKernelContext<double> context,
            IReadOnlyDictionary<Compiler.Semantics.TensorSymbol, Relation> initial, CancellationToken cancellation)
        {
            if (giveUp)
                throw new StratumKernelDeclinedException("too many tuples for the device");
            return initial.ToDictionary(r => r.Key, r =>
            {
                var relation = new Relation(r.Key.Shape);
                relation.Add([2, 0]);
                return relation;
            });
        }
    }
}
