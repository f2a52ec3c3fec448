using TensorLogic.Compiler;
using TensorLogic.Runtime.Data;
using TensorLogic.Runtime.Execution;
using TensorLogic.Runtime.Output;
using TensorLogic.Syntax.Text;
using TensorLogic.Testing;

namespace TensorLogic.Runtime.Tests.Engines;

/// <summary>
/// Terms evaluated binding by binding run on the GPU engine's loop kernel, not on the reference behind it:
/// each program runs on gpu-cpu with <see cref="EvaluationOptions.StrictEngine"/> (a decline would throw),
/// some equation must have run as a GPU "loop" kernel, and the answers must be the values worked out by hand
/// in the comments and the reference engine's.
/// </summary>
public class GpuCoverageTests
{
    private const string Engine = "gpu-cpu";

    private static readonly Dictionary<string, (string Program, string Expected)> Programs = new()
    {
        // X[i+1] reaches i = 0..3 only; -X[i] every i: [4-1, 9-4, 16-9, 25-16, -25].
        ["index arithmetic"] = ("""
            X = [1, 4, 9, 16, 25]
            Y[i] = X[i+1] - X[i]
            Y?
            """, """{"query":"Y?","shape":[5],"data":[3,5,7,9,-25]}"""),
        // Neighbours: 0 → {1, 2}, 1 → {0}, 2 → none. Max [20, 5, -∞], min [10, 5, +∞] (the identities of an
        // unreached cell), mean [15, 5, 0].
        ["max, min and avg over a relation"] = ("""
            Neig : bool[Node, Node]
            Neig(0, 1), Neig(0, 2), Neig(1, 0)
            Z = [5, 10, 20]
            Best[n] max= Neig(n, m) Z[m]
            Worst[n] min= Neig(n, m) Z[m]
            Mean[n] avg= Neig(n, m) Z[m]
            Best?
            Worst?
            Mean?
            """, """
            {"query":"Best?","shape":[3],"data":[20,5,"-Infinity"]}
            {"query":"Worst?","shape":[3],"data":[10,5,"Infinity"]}
            {"query":"Mean?","shape":[3],"data":[15,5,0]}
            """),
        // 2x2 blocks of a 4x4 grid; the bottom blocks are all negative, so their max stays negative.
        ["pooling"] = ("""
            S = 2
            F = [[1, 2, 3, 4], [5, 6, 7, 8], [-1, -2, -3, -4], [-5, -6, -7, -8]]
            Max[x/S, y/S] max= F[x, y]
            Min[x/S, y/S] min= F[x, y]
            Avg[x/S, y/S] avg= F[x, y]
            Max?
            Min?
            Avg?
            """, """
            {"query":"Max?","shape":[2,2],"data":[6,8,-1,-3]}
            {"query":"Min?","shape":[2,2],"data":[1,3,-6,-8]}
            {"query":"Avg?","shape":[2,2],"data":[3.5,5.5,-3.5,-5.5]}
            """),
        // Even(i) keeps X[i] at 0 and 2, Odd(i) ten times X[i] at 1 and 3.
        ["even and odd"] = ("""
            X = [1, 2, 3, 4]
            Y[i] = Even(i) X[i] + Odd(i) 10 X[i]
            Y?
            """, """{"query":"Y?","shape":[4],"data":[1,20,3,40]}"""),
        // relu inside a product acts per binding: relu([-1, 2, -3, 4]) = [0, 2, 0, 4], times [1, 2, 3, 4] summed = 4 + 16.
        ["a call inside a product"] = ("""
            X = [-1, 2, -3, 4]
            W = [1, 2, 3, 4]
            Y = relu(X[i]) W[i]
            Y?
            """, """{"query":"Y?","shape":[],"data":[20]}"""),
        // The pairs x ≤ y of three nodes.
        ["a comparison in a rule"] = ("""
            Node(0), Node(1), Node(2)
            Le(x, y) <- Node(x), Node(y), x <= y
            Le(x, y)?
            """, """{"query":"Le(x, y)?","vars":["x","y"],"rows":[[0,0],[0,1],[0,2],[1,1],[1,2],[2,2]]}"""),
        // j = 1 divides by zero: no binding, the cells keep 0. j = 0: X[-i] exists for i = 0 only; j = 2: X[i].
        ["division by zero in an index"] = ("""
            X = [1, 2, 3]
            D : real[3, 3]
            D[i, j] = X[i/(j-1)]
            D?
            """, """{"query":"D?","shape":[3,3],"data":[1,0,1,0,0,2,0,0,3]}"""),
        // Node 2 is bad, node 1 fails x != 1: the rule keeps 0 and 3.
        ["negation and a comparison in a rule"] = ("""
            Node(0), Node(1), Node(2), Node(3)
            Bad(2)
            Good(x) <- Node(x), not Bad(x), x != 1
            Good(x)?
            """, """{"query":"Good(x)?","vars":["x"],"rows":[[0],[3]]}"""),
        // A virtual loop pins t each step: S[i] += relu(U[i, t] - 1) over t = 0, 1, 2: [0+2+1, 0+4+0].
        ["a virtual loop step"] = ("""
            U = [[1, 3, 2], [0, 5, 1]]
            S[i, *t+1] = S[i, *t] + relu(U[i, t] - 1)
            S?
            """, """{"query":"S?","shape":[2],"data":[3,4]}"""),
        // Layer by layer: A[l+1] = 2 A[l] from A[0] = 1.
        ["index-shift recursion"] = ("""
            A : real[4]
            A[0] = 1
            A[l+1] = 2 A[l]
            A?
            """, """{"query":"A?","shape":[4],"data":[1,2,4,8]}"""),
        // (x - m)^2 per binding, divided by a scalar: ((1-2)^2 + 0 + (3-2)^2) / 2 = 1.
        ["operators and a reciprocal"] = ("""
            X = [1, 2, 3]
            M = 2
            N = 2
            V = (X[i] - M)^2 / N
            V?
            """, """{"query":"V?","shape":[],"data":[1]}"""),
    };

    /// <summary>
    /// The examples with loop terms; the GPU engine runs every equation of each (family.tl's recursive
    /// relations are joined tuple by tuple, which it declines; the others have no loop term).
    /// </summary>
    private static readonly string[] Examples = ["cnn.tl", "gnn.tl", "kernels.tl", "rnn.tl", "transformer.tl", "bayes.tl", "embedding.tl"];

    public static TheoryData<string> ProgramNames => [.. Programs.Keys];

    public static TheoryData<string> ExampleNames => [.. Examples];

    [Theory]
    [MemberData(nameof(ProgramNames))]
    public void A_loop_term_runs_on_the_gpu_loop_kernel(string name)
    {
        var (program, expected) = Programs[name];
        var (answers, profile) = RunStrict(new SourceText(program, "test.tl"));
        Assert.Contains(profile, p => p.Provider == Engine && p.Kernel.Contains("loop"));
        var gpu = EngineMatrix.Get(Engine);
        AnswerAssert.Equivalent(expected.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList(), answers, gpu);
        AnswerAssert.Equivalent(ProgramRunner.Run(EngineMatrix.Get(EngineMatrix.Reference), program).Answers, answers, gpu);
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void An_example_with_loop_terms_runs_entirely_on_the_gpu_engine(string example)
    {
        var path = Repository.PathOf("examples", example);
        var (answers, profile) = RunStrict(new SourceText(File.ReadAllText(path), path));
        Assert.Contains(profile, p => p.Provider == Engine && p.Kernel.Contains("loop"));
        AnswerAssert.Equivalent(ProgramRunner.RunFile(EngineMatrix.Get(EngineMatrix.Reference), path).Answers, answers, EngineMatrix.Get(Engine));
    }

    /// <summary>50,000² = 2.5·10⁹ bindings of i and j are more threads than one launch has: declined, with the count, before anything runs.</summary>
    [Fact]
    public void A_term_with_more_bindings_than_one_launch_is_declined_with_its_count()
    {
        var compiled = Compilation.Compile([new SourceText("X : real[50000]\nY : real[50000]\nY[i] max= X[i+j] X[j]\nY?\n", "test.tl")], null);
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        // X has no data, so Y is folded: computed when first asked for, and declined then, before anything runs.
        using var session = new Session(compiled.Bound!, EngineMatrix.Get(Engine).Engine,
            new EvaluationOptions { Chaining = Chaining.Forward, StrictEngine = true });
        var error = Assert.Throws<EngineDeclinedException>(() => session.Evaluate(compiled.Bound!.Tensors.Single(t => t.Name == "Y")));
        Assert.Contains("2,500,000,000 bindings", error.Decline.Reason);
    }

    /// <summary>The answers as JSON Lines and the profile of a forward run on gpu-cpu that fails on any decline.</summary>
    private static (IReadOnlyList<string> Answers, IReadOnlyList<EquationProfile> Profile) RunStrict(SourceText source)
    {
        var compiled = Compilation.Compile([source], new DataFileReader());
        Assert.False(compiled.HasErrors, string.Join("\n", compiled.Diagnostics));
        using var session = new Session(compiled.Bound!, EngineMatrix.Get(Engine).Engine,
            new EvaluationOptions { Chaining = Chaining.Forward, StrictEngine = true });
        // Formatted before the session is disposed: its tensors are not valid afterwards.
        var answers = session.Run().OfType<AnswerResult>().Select(a => JsonAnswerWriter.Format(a.Answer)).ToList();
        Assert.Empty(session.Declines);
        return (answers, session.Profile);
    }
}
