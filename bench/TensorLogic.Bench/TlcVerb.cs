using System.Reflection;

namespace TensorLogic.Bench;

/// <summary>
/// <c>TensorLogic.Bench tlc ARGS</c> is <c>tlc ARGS</c>. A self-contained single-file .NET executable is ~40 MB and
/// a device machine takes 64 MiB, so tlc travels inside the harness rather than beside it. Its command line
/// is internal to it; its entry point is not, so the call goes through that.
/// </summary>
public static class TlcVerb
{
    public static int Run(string[] args)
    {
        var entry = Assembly.Load("tlc").EntryPoint
            ?? throw new InvalidOperationException("the tlc assembly has no entry point");
        try
        {
            return entry.Invoke(null, [args]) is int code ? code : 0;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            // Rethrown as itself, so that a crash in tlc reads as it would from tlc.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
