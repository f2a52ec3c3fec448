using TensorLogic.Testing;

namespace TensorLogic.Tlc.Tests;

/// <summary><c>tlc run</c>: answers in both formats and on every engine, writes, emits, profile, exit codes.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Example(string name) => Repository.PathOf("examples", name);

    [Fact]
    public void The_readme_example_runs()
    {
        var result = TlcRun.Invoke("run", Example("family.tl"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Ancestor(Alice, x)?\n  x\n  -------\n  Bob\n  Charlie\n", result.Stdout);
        Assert.Contains("Ancestor(Alice, Charlie)? true\n", result.Stdout);
        Assert.Equal("", result.Stderr);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    [InlineData("reference")]
    public void Json_lines_on_every_engine(string engine)
    {
        var result = TlcRun.Invoke("run", Example("perceptron.tl"), "--format", "json", "--engine", engine);
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("""{"query":"Y?","shape":[],"data":[1]}""", lines[0]);
        Assert.Equal("""{"query":"YEach?","shape":[4],"data":[0,1,0,0]}""", lines[^1]);
    }

    [Theory]
    [InlineData("forward")]
    [InlineData("backward")]
    [InlineData("auto")]
    public void Chainings_give_the_same_answers(string chain)
    {
        var result = TlcRun.Invoke("run", Example("family.tl"), "--format", "json", "--chain", chain);
        var reference = TlcRun.Invoke("run", Example("family.tl"), "--format", "json", "--chain", "forward");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(reference.Stdout, result.Stdout);
    }

    [Fact]
    public void A_write_goes_to_a_file_beside_the_program()
    {
        var program = _folder.Write("w.tl", """
            X = [1, 2, 3]
            Y[i] = 2 X[i]
            "y.tsv" = Y
            """);
        var result = TlcRun.Invoke("run", program);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("0\t2\n1\t4\n2\t6\n", File.ReadAllText(Path.Combine(Path.GetDirectoryName(program)!, "y.tsv")));
    }

    [Fact]
    public void A_program_with_errors_exits_1_and_runs_nothing()
    {
        var program = _folder.Write("bad.tl", "Y = Unknown[i]\nY?\n");
        var result = TlcRun.Invoke("run", program);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains("error TL2001: unknown tensor 'Unknown'", result.Stderr);
    }

    [Fact]
    public void A_missing_file_is_a_usage_error()
    {
        var result = TlcRun.Invoke("run", Path.Combine(_folder.Path, "none.tl"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error TL5009: cannot read", result.Stderr);
    }

    [Fact]
    public void The_iteration_limit_is_an_error_not_a_hang()
    {
        var program = _folder.Write("loop.tl", "X : real\nX = X + 1\nX?\n");
        var result = TlcRun.Invoke("run", program, "--max-iterations", "7", "--engine", "reference");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL5006: 'X' did not converge within 7 iterations\n", result.Stderr);
        Assert.Contains("or accept the last values with --allow-partial", result.Stderr);
    }

    [Fact]
    public void Allow_partial_takes_the_last_values_of_a_recursion_cut_at_the_limit()
    {
        var program = _folder.Write("loop.tl", "X : real\nX = X + 1\nX?\n");
        var result = TlcRun.Invoke("run", program, "--max-iterations", "7", "--engine", "reference", "--allow-partial");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("X? 7\n", result.Stdout);
        Assert.Contains("warning TL5006: 'X' did not converge within 7 iterations; the last values are used, as --allow-partial asks", result.Stderr);
    }

    [Fact]
    public void Emit_ir_prints_the_kernels_without_running()
    {
        var result = TlcRun.Invoke("run", Example("perceptron.tl"), "--emit", "ir");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ contract", result.Stdout);
        Assert.DoesNotContain("Y?", result.Stdout.Split('\n').Where(l => !l.StartsWith(' ')));
    }

    [Fact]
    public void Emit_plan_shows_each_step_with_its_flops()
    {
        var program = _folder.Write("pqrs.tl", """
            A : real[10, 10]
            B : real[10, 10]
            T : real[10, 10, 10, 10]
            C : real[10, 10]
            D : real[10, 10]
            R[p, q, r, s] = A[p, i] B[q, j] T[i, j, k, l] C[r, k] D[s, l]
            R?
            """);
        var result = TlcRun.Invoke("run", program, "--emit", "plan");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(4, result.Stdout.Split('\n').Count(l => l.TrimStart().StartsWith("gemm") || l.TrimStart().StartsWith("multiplyreduce")));
        Assert.Contains("200 kFLOP", result.Stdout);
    }

    [Fact]
    public void Profile_lists_phases_and_equations()
    {
        var result = TlcRun.Invoke("run", Example("mlp.tl"), "--profile");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("profile\n  parse ", result.Stdout);
        Assert.Contains(" check ", result.Stdout);
        Assert.Contains(" plan ", result.Stdout);
        Assert.Contains(" execute ", result.Stdout);
        Assert.Contains("X[i, j] = sig(W[i, j, k] X[i-1, k])", result.Stdout);
        Assert.Matches(@"\n  memory: [0-9.]+ MB allocated, collections gen0 \d+, gen1 \d+, gen2 \d+; peak resident [0-9.]+ MB\n", result.Stdout);
    }

    [Fact]
    public void Profile_shows_no_arithmetic_for_a_join()
    {
        // A join's dense loop bound (here 4 · 4 · 4 bindings a round) is not work it does: no FLOP count and no speed.
        var program = _folder.Write("join.tl", "E(A, B)\nE(B, C)\nE(C, D)\nP(x, y) <- E(x, y)\nP(x, z) <- P(x, y), E(y, z)\nP(A, x)?\n");
        var result = TlcRun.Invoke("run", program, "--profile");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\n  5 +cpu +join +3 +- +[0-9.]+ ms +-  P\(x, z\) <- P\(x, y\), E\(y, z\)   \[atom 1 reads ΔP\]\n", result.Stdout);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("reference")]
    public void A_tensor_too_large_to_store_is_a_diagnostic_not_a_crash(string engine)
    {
        var program = _folder.Write("big.tl", "X = [1, 2]\nA : real[100000, 100000]\nA[i, j] = X[0]\nA[0, 0]?\n");
        var result = TlcRun.Invoke("run", program, "--engine", engine);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL5007: tensor 'A' of shape [100000, 100000] is too large to store densely", result.Stderr);
        Assert.DoesNotContain("internal error", result.Stderr);
    }

    [Theory]
    [InlineData("cpu", false)]
    [InlineData("reference", true)]
    public void Emit_ir_prints_what_the_chosen_engine_runs(string engine, bool keepsDeadEquations)
    {
        // The reference runs the program as written; the CPU engine's passes drop what no output needs.
        var program = _folder.Write("dead.tl", "X = [1, 2]\nY = X[i]\nZ[i] = relu(X[i])\nY?\n");
        var result = TlcRun.Invoke("run", program, "--emit", "ir", "--engine", engine);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"target: {engine}\n", result.Stdout);
        Assert.Equal(keepsDeadEquations, result.Stdout.Contains("equation Z[i] = relu(X[i])"));
        Assert.Equal(!keepsDeadEquations, result.Stdout.Contains("passes: dead-equations"));
    }

    [Fact]
    public void Emit_ir_spells_out_the_semi_naive_rewrite()
    {
        var result = TlcRun.Invoke("run", Example("family.tl"), "--emit", "ir");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("stratum {Ancestor} seminaive\n", result.Stdout);
        Assert.Contains("  delta \u0394Ancestor, new Ancestor\u207A: Ancestor\u207A = derived - Ancestor; Ancestor |= Ancestor\u207A; \u0394Ancestor = Ancestor\u207A\n", result.Stdout);
        Assert.Contains("+ contract \u0394Ancestor[x,y] Parent[y,z] -> Ancestor[x,z]", result.Stdout);
    }

    /// <summary>A recursive relation with index arithmetic in its head: not a rule the CPU engine joins.</summary>
    private const string Counter = "N : bool[6]\nN(0)\nN(x+1) <- N(x)\nN(x)?\n";

    [Fact]
    public void Declined_equations_are_silent_by_default_and_listed_by_profile()
    {
        var program = _folder.Write("counter.tl", Counter);
        var plain = TlcRun.Invoke("run", program);
        Assert.Equal(0, plain.ExitCode);
        Assert.Equal("", plain.Stderr);

        var profiled = TlcRun.Invoke("run", program, "--profile");
        Assert.Equal(0, profiled.ExitCode);
        Assert.Contains("warning TL4002: engine 'cpu' declined this equation: a relation that recursion or a loop updates is joined tuple by tuple, and this equation is not a rule: index arithmetic in the head of a rule", profiled.Stderr);
        Assert.Contains(" reference* ", profiled.Stdout);
        Assert.Contains("  * declined by the engine, computed by the provider shown (see warning TL4002)\n", profiled.Stdout);
    }

    [Fact]
    public void Strict_engine_turns_a_decline_into_an_error()
    {
        var result = TlcRun.Invoke("run", _folder.Write("counter.tl", Counter), "--strict-engine");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TL4002: engine 'cpu' declined this equation", result.Stderr);
        Assert.Contains("= help: run without --strict-engine to let the reference engine compute it", result.Stderr);
        Assert.DoesNotContain("Exception", result.Stderr);
    }

    [Fact]
    public void Datalog_runs_on_the_cpu_engine_without_a_decline()
    {
        var result = TlcRun.Invoke("run", Example("family.tl"), "--strict-engine", "--chain", "forward");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Strict_engine_accepts_a_program_the_engine_computes_entirely()
    {
        var result = TlcRun.Invoke("run", Example("mlp.tl"), "--strict-engine");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
    }
}
