namespace TensorLogic.Tlc.Commands;

/// <summary>
/// Ctrl-C while a submission is checked or answered: the signal is caught (the process stays) and the query's token is cancelled;
/// the runtime checks it between equations and iterations and stops with OperationCanceledException.
/// Between queries the signal is left alone, and the line editor reads Ctrl-C as a key anyway.
/// </summary>
internal sealed class ReplCancellation : IDisposable
{
    private readonly bool _listening;
    private CancellationTokenSource? _running;

    public ReplCancellation(bool listen)
    {
        _listening = listen;
        if (listen)
            Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>A token for the submission about to be checked and answered; <see cref="End"/> when it is done.</summary>
    public CancellationToken Begin()
    {
        _running = new CancellationTokenSource();
        return _running.Token;
    }

    public void End()
    {
        var running = Interlocked.Exchange(ref _running, null);
        running?.Dispose();
    }

    public void Dispose()
    {
        if (_listening)
            Console.CancelKeyPress -= OnCancelKeyPress;
        End();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Volatile.Read(ref _running) is not { } running)
            return;
        e.Cancel = true;
        try
        {
            running.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The query ended while the signal was on its way: there is nothing left to stop.
        }
    }
}
