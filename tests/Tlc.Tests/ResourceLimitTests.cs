using System.Diagnostics;

namespace TensorLogic.Tlc.Tests;

/// <summary>
/// A program that asks for more than the machine should give stops with a diagnostic at the equation it was
/// computing, and exit 1, on every engine: memory (TL5011), tuples (TL5012), time (TL5013). docs/limits.md.
/// </summary>
public sealed class ResourceLimitTests : IDisposable
{
    // Counting on with index arithmetic: a derivation of 100 million rounds, far more than any test waits for.
    private const string Counting = "N : bool[100000000]\nN(0)\nN(x+1) <- N(x)\nN(x)?\n";

    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    public void A_tensor_over_the_memory_budget_stops_before_it_is_allocated(string engine)
    {
        var program = _folder.Write("big.tl", "A : real[20000, 20000]\nA[i, j] = 1\nA?\n");
        var clock = Stopwatch.StartNew();

        var result = TlcRun.Invoke("run", program, "--engine", engine, "--max-memory", "64M");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var size = engine == "cpu" ? "1.5 GiB" : "3.0 GiB";
        Assert.StartsWith($"{program}:2:1: error TL5011: computing 'A': {size} needed at once, more than the memory budget of 64.0 MiB (after ", result.Stderr);
        Assert.Contains(" 2 | A[i, j] = 1\n", result.Stderr);
        Assert.Contains("= help: raise the budget with --max-memory", result.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_reference_engine_stops_as_its_map_of_cells_outgrows_the_budget()
    {
        // The reference keeps a large real result as a map of reached cells, which grows in small steps.
        var program = _folder.Write("big.tl", "A : real[20000, 20000]\nA[i, j] = 1\nA?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "reference", "--max-memory", "64M");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{program}:2:1: error TL5011: computing 'A': the run holds ", result.Stderr);
        Assert.Contains("more than the memory budget of 64.0 MiB (after ", result.Stderr);
    }

    [Fact]
    public void A_dense_result_of_a_trillion_cells_is_refused_before_anything_runs()
    {
        var program = _folder.Write("tera.tl", "A : real[1000000]\nB[i, j] = A[i] A[j]\nB?\n");

        var result = TlcRun.Invoke("run", program);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{program}:2:1: error TL5007: tensor 'B' of shape [1000000, 1000000] is too large to store densely\n", result.Stderr);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("cpu-f64")]
    [InlineData("reference")]
    public void A_runaway_recursion_stops_at_the_tuple_limit(string engine)
    {
        var program = _folder.Write("count.tl", Counting);

        var result = TlcRun.Invoke("run", program, "--engine", engine, "--max-tuples", "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        // Checked every 256 tuples, so the relation stops at the first multiple past the limit.
        Assert.StartsWith($"{program}:3:1: error TL5012: computing 'N': a relation grew to 1,024 tuples, more than the limit of 1,000 (in round 1,02", result.Stderr);
        Assert.Contains("'N' has 1,024 tuples; after ", result.Stderr);
        Assert.Contains("= help: raise the limit with --max-tuples", result.Stderr);
    }

    /// <summary>The GPU engine runs plain recursive rules as one device stratum: the limit holds there too.</summary>
    [Fact]
    public void A_closure_on_the_device_stops_at_the_tuple_limit()
    {
        // A chain of 80 edges: its closure has 3,240 tuples, 1,029 after round 13, where the device stops. (Only
        // checked while copying to the host, the closure would be complete, and stopped at a multiple of 256.)
        var edges = string.Concat(Enumerable.Range(0, 80).Select(i => $"Edge({i}, {i + 1})\n"));
        var program = _folder.Write("chain.tl", $"Edge : bool[81, 81]\n{edges}Reach(x, y) <- Edge(x, y)\nReach(x, z) <- Reach(x, y), Edge(y, z)\nReach?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "gpu-cpu", "--max-tuples", "1000");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Matches(@"^\S+:82:1: error TL5012: computing 'Reach': a relation grew to 1,029 tuples, more than the limit of 1,000", result.Stderr);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("reference")]
    public void A_runaway_recursion_stops_at_the_time_limit(string engine)
    {
        var program = _folder.Write("count.tl", Counting);
        var clock = Stopwatch.StartNew();

        var result = TlcRun.Invoke("run", program, "--engine", engine, "--timeout", "0.5");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{program}:3:1: error TL5013: computing 'N': the run took longer than the time limit of 0.5 s (in round ", result.Stderr);
        Assert.Contains("= help: raise the limit with --timeout", result.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_dense_rule_stops_at_the_time_limit_inside_its_one_round()
    {
        // 10^10 bindings in one equation: the reference checks the clock while it enumerates them.
        var program = _folder.Write("pairs.tl", "N : bool[100000]\nN(0)\nN(x+1) <- N(x)\nR(x, y) <- N(x), N(y)\nR(1, 2)?\n");

        var result = TlcRun.Invoke("run", program, "--engine", "reference", "--chain", "forward", "--timeout", "2");

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"^\S+:[34]:1: error TL5013: computing '[NR]': the run took longer than the time limit of 2 s", result.Stderr);
    }

    [Fact]
    public void An_endless_data_stream_ends_in_a_diagnostic()
    {
        // A link to /dev/zero named as a table: a file with no end, which must not be read forever.
        if (!File.Exists("/dev/zero"))
            return;
        var link = Path.Combine(_folder.Path, "zero.tsv");
        File.CreateSymbolicLink(link, "/dev/zero");
        var program = _folder.Write("zero.tl", "T = \"zero.tsv\"\nT?\n");

        var result = TlcRun.Invoke("check", program);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{program}:1:5: error TL5007: '", result.Stderr);
        Assert.Contains("zero.tsv' has more than 1.0 GiB of text, the most a .tsv, .csv or .txt data file may have\n", result.Stderr);
    }

    [Fact]
    public void Within_the_limits_the_answers_are_unchanged()
    {
        var program = _folder.Write("short.tl", "N : bool[5]\nN(0)\nN(x+1) <- N(x)\nN(x)?\n");

        var result = TlcRun.Invoke("run", program, "--max-tuples", "5", "--timeout", "60", "--max-memory", "1G");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("N(x)?\n  x\n  -\n  0\n  1\n  2\n  3\n  4\n", result.Stdout);
    }

    [Fact]
    public void Backward_chaining_down_a_chain_deeper_than_the_stack_still_answers()
    {
        var program = _folder.Write("chain.tl", "N : bool[20001]\nN(0)\nN(x+1) <- N(x)\nN(20000)?\nN(19999)?\n");

        var result = TlcRun.Invoke("run", program, "--chain", "backward");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("N(20000)? true\nN(19999)? true\n", result.Stdout);
    }

    [Fact]
    public void The_limits_are_listed_in_the_help_of_run()
    {
        var result = TlcRun.Invoke("run", "--help");

        Assert.Contains("--max-memory <SIZE>", result.Stdout);
        Assert.Contains("--max-tuples <N>", result.Stdout);
        Assert.Contains("--timeout <SECONDS>", result.Stdout);
    }

    [Theory]
    [InlineData("512M", 512L << 20)]
    [InlineData("8g", 8L << 30)]
    [InlineData("1.5T", 3L << 39)]
    [InlineData("2097152", 2L << 20)]
    public void Memory_sizes_take_a_binary_unit(string text, long bytes) =>
        Assert.Equal(bytes, Commands.LimitOptions.ParseSize(text));

    [Theory]
    [InlineData("")]
    [InlineData("lots")]
    [InlineData("-1G")]
    [InlineData("100")]
    [InlineData("1e400")]
    [InlineData("NaN")]
    public void Memory_sizes_under_a_mebibyte_or_not_sizes_are_refused(string text) =>
        Assert.Null(Commands.LimitOptions.ParseSize(text));
}
