namespace TensorLogic.Tlc.Tests;

/// <summary>
/// Numeric options out of their range are usage errors (exit 2) that name the option and what it accepts,
/// caught before any file is read (the program named here does not exist).
/// </summary>
public class OptionRangeTests
{
    [Theory]
    [InlineData("--max-iterations must be an integer of at least 1, not -1", "run", "--max-iterations", "-1")]
    [InlineData("--max-iterations must be an integer of at least 1, not 0", "run", "--max-iterations", "0")]
    [InlineData("--tolerance must be a finite number of at least 0, not NaN", "run", "--tolerance", "NaN")]
    [InlineData("--tolerance must be a finite number of at least 0, not -1", "run", "--tolerance", "-1")]
    [InlineData("--tolerance must be a finite number of at least 0, not Infinity", "run", "--tolerance", "Infinity")]
    [InlineData("--threads must be an integer from 0 to 1024, not -4", "run", "--threads", "-4")]
    [InlineData("--threads must be an integer from 0 to 1024, not 100000", "run", "--threads", "100000")]
    [InlineData("--threads must be an integer from 0 to 1024, not -1", "train", "--threads", "-1")]
    [InlineData("--device must be an integer of at least 0, not -1", "run", "--engine", "gpu-cpu", "--device", "-1")]
    [InlineData("--device must be an integer of at least 0, not -2", "repl", "--engine", "gpu-cpu", "--device", "-2")]
    [InlineData("--temperature must be a finite number greater than 0, not 0", "grad", "--temperature", "0")]
    [InlineData("--temperature must be a finite number greater than 0, not NaN", "grad", "--temperature", "NaN")]
    [InlineData("--max-tuples must be an integer of at least 1, not 0", "run", "--max-tuples", "0")]
    [InlineData("--max-tuples must be an integer of at least 1, not -5", "run", "--max-tuples", "-5")]
    [InlineData("--timeout must be a number of seconds greater than 0 and at most 4000000, not 0", "run", "--timeout", "0")]
    [InlineData("--timeout must be a number of seconds greater than 0 and at most 4000000, not NaN", "run", "--timeout", "NaN")]
    [InlineData("--timeout must be a number of seconds greater than 0 and at most 4000000, not -1", "run", "--timeout", "-1")]
    [InlineData("--timeout must be a number of seconds greater than 0 and at most 4000000, not 1e300", "run", "--timeout", "1e300")]
    [InlineData("--max-memory must be a size of at least 1M, such as 512M, 8G or 1.5T (bytes without a unit), not '12x'", "run", "--max-memory", "12x")]
    [InlineData("--max-memory must be a size of at least 1M, such as 512M, 8G or 1.5T (bytes without a unit), not '0'", "run", "--max-memory", "0")]
    [InlineData("Cannot parse argument 'many'", "run", "--max-iterations", "many")]
    public void Out_of_range_values_exit_with_2_and_say_what_is_accepted(string message, params string[] args)
    {
        var result = TlcRun.Invoke([.. args, "missing.tl"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Contains("--help", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Theory]
    [InlineData("run", "--max-iterations", "1")]
    [InlineData("run", "--tolerance", "0")]
    [InlineData("run", "--threads", "1024")]
    [InlineData("grad", "--temperature", "0.5")]
    public void Values_at_the_edges_of_the_range_are_accepted(params string[] args)
    {
        // The file is missing, so a valid invocation ends in TL5001 with exit 2 but no usage message.
        var result = TlcRun.Invoke([.. args, "missing.tl"]);

        Assert.DoesNotContain("must be", result.Stderr);
        Assert.DoesNotContain("--help", result.Stderr);
    }
}
