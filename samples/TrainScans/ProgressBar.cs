using System;
using System.Globalization;

namespace ModelGen.Samples;

/// <summary>A one-line live progress bar for Fit, and a table row when an epoch ends.</summary>
internal sealed class ProgressBar : IProgress<TrainingProgress>
{
    private const int Width = 24;
    private readonly bool _live = !Console.IsOutputRedirected;
    private bool _headerWritten;

    public void Report(TrainingProgress p)
    {
        if (p.EpochResult is { } epoch)
        {
            if (_live)
            {
                Console.Write("\r" + new string(' ', Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100) + "\r");
            }

            if (!_headerWritten)
            {
                Console.WriteLine("epoch   train loss   val loss   val AUROC   val acc   samples/s   time");
                _headerWritten = true;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{epoch.Epoch,5} {epoch.Loss,12:0.0000} {epoch.ValidationLoss,10:0.0000} {Format(epoch.ValidationAuroc),11} {epoch.ValidationAccuracy,9:0.000} {epoch.SamplesPerSecond,11:N0} {epoch.Duration.TotalSeconds,5:0.0}s"));
            return;
        }

        if (!_live)
        {
            return;
        }

        int filled = (int)Math.Round(Width * (double)p.Batch / p.Batches);
        Console.Write(string.Create(CultureInfo.InvariantCulture,
            $"\repoch {p.Epoch}/{p.Epochs} [{new string('#', filled)}{new string('.', Width - filled)}] loss {p.Loss:0.0000}  {p.SamplesPerSecond:N0} samples/s  ETA {p.Remaining:m\\:ss}  "));
    }

    private static string Format(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
}
