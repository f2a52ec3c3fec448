namespace TensorLogic.Tlc;

/// <summary>
/// What <c>tlc</c> tells the shell. Scripts and CI rely on the distinction between "the program is wrong"
/// (1) and "tlc was called wrongly or could not read its input" (2), so every verb keeps to these.
/// </summary>
internal static class ExitCodes
{
    /// <summary>No errors; warnings may have been printed.</summary>
    public const int Success = 0;

    /// <summary>The program has errors (syntax, binding, stratification).</summary>
    public const int ProgramErrors = 1;

    /// <summary>
    /// A usage error (unknown verb or option, missing argument), an input file that cannot be read, or an engine
    /// whose device this machine lacks (TL4003): in each, the program may be fine and the invocation is not.
    /// </summary>
    public const int Usage = 2;

    /// <summary>tlc itself failed: an exception escaped a verb. Always a bug in tlc, never in the user's program.</summary>
    public const int InternalError = 70;
}
