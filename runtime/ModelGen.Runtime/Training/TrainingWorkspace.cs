using System;

namespace ModelGen;

/// <summary>Gradient buffers and scratch arenas for training on one or more threads, allocated once and reused.</summary>
public sealed class TrainingWorkspace
{
    private readonly float[][] _gradients;
    private readonly float[][] _arenas;

    /// <summary>Allocates buffers for <paramref name="threads"/> workers.</summary>
    public TrainingWorkspace(int parameterCount, int arenaLength, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _gradients = new float[threads][];
        _arenas = new float[threads][];
        for (int i = 0; i < threads; i++)
        {
            _gradients[i] = new float[parameterCount];
            _arenas[i] = new float[arenaLength];
        }
    }

    /// <summary>Number of workers the buffers serve.</summary>
    public int Threads { get; }

    /// <summary>The gradient buffer of worker <paramref name="thread"/>; worker 0's holds the reduced sum.</summary>
    public float[] Gradients(int thread) => _gradients[thread];

    /// <summary>The scratch arena of worker <paramref name="thread"/>.</summary>
    public float[] Arena(int thread) => _arenas[thread];
}
