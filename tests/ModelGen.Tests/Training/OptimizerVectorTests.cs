using System;
using System.Collections.Generic;
using System.Numerics;
using ModelGen.Tests.Harness;
using Xunit;

namespace ModelGen.Tests.Training;

/// <summary>
/// The optimizers update whole vectors at a time and the remainder one float at a time. Updating one float per call
/// takes the scalar code for every element, so comparing the two proves the vector path equal to the scalar one to
/// the bit; the PyTorch training goldens then hold for both.
/// </summary>
public sealed class OptimizerVectorTests
{
    public static IEnumerable<TheoryDataRow<string>> Optimizers() =>
    [
        new("sgd"), new("sgd-momentum"), new("sgd-nesterov-decay"), new("adam"), new("adam-decay"), new("adamw"),
    ];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Vector_updates_equal_scalar_updates_to_the_bit(string name)
    {
        Assert.True(Vector.IsHardwareAccelerated || InstructionSetTests.IsChildRun, "vector hardware is expected outside the scalar child run");

        // Long enough for full vectors of every width and a remainder.
        const int Length = (3 * 16) + 5;
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) & 0xFFFF);
        float[] vectorParameters = Numbers.RandomNormal(random, Length);
        float[] scalarParameters = (float[])vectorParameters.Clone();
        Optimizer optimizer = Create(name);
        OptimizerState vectorState = optimizer.CreateState(Length);
        var scalarStates = new OptimizerState[Length];
        for (int i = 0; i < Length; i++)
        {
            scalarStates[i] = optimizer.CreateState(1);
        }

        for (int step = 0; step < 3; step++)
        {
            float[] gradients = Numbers.RandomNormal(random, Length);
            optimizer.Step(vectorParameters, gradients, vectorState);
            for (int i = 0; i < Length; i++)
            {
                optimizer.Step(scalarParameters.AsSpan(i, 1), gradients.AsSpan(i, 1), scalarStates[i]);
            }
        }

        for (int i = 0; i < Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(vectorParameters[i]) == BitConverter.SingleToInt32Bits(scalarParameters[i]),
                $"{name}: parameter {i} is {vectorParameters[i]:R} on the vector path and {scalarParameters[i]:R} on the scalar one");
        }
    }

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.1f),
        "sgd-momentum" => new Sgd(0.1f, momentum: 0.9f),
        "sgd-nesterov-decay" => new Sgd(0.1f, momentum: 0.9f, nesterov: true, weightDecay: 0.01f),
        "adam" => new Adam(0.01f),
        "adam-decay" => new Adam(0.01f, weightDecay: 0.1f),
        "adamw" => new AdamW(0.01f, weightDecay: 0.1f),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
