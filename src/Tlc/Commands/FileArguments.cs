using System.CommandLine;

namespace TensorLogic.Tlc.Commands;

/// <summary>
/// FILE arguments shared by the verbs. System.CommandLine hands an unknown option such as <c>--bogus</c>
/// to a string argument as a value, which would then be reported as a missing file; here it is a usage
/// error instead. A file whose name really starts with '-' is still accepted when it exists.
/// </summary>
internal static class FileArguments
{
    public static Argument<string> One(string description)
    {
        var argument = new Argument<string>("FILE") { Description = description };
        RejectUnknownOptions(argument);
        return argument;
    }

    public static Argument<string[]> Many(string description, bool required = true)
    {
        var argument = new Argument<string[]>("FILE")
        {
            Description = description,
            Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
        };
        RejectUnknownOptions(argument);
        return argument;
    }

    private static void RejectUnknownOptions(Argument argument) =>
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.StartsWith('-') && token.Value.Length > 1 && !File.Exists(token.Value))
                    result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
}
