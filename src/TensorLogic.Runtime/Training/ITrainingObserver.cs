namespace TensorLogic.Runtime.Training;

/// <summary>Told about progress as training goes: the display of <c>tlc train</c>, or an embedder's log.</summary>
public interface ITrainingObserver
{
    void EpochStarted(int epoch, int epochs, int batches);

    void BatchDone(int batch, double loss, int examples);

    void EpochDone(EpochSummary summary);
}
