using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace ModelGen.Data;

/// <summary>Decodes, resizes and lays out many images in parallel, each into its own slot of one input array.</summary>
internal static class ImageLoader
{
    public static float[] Load(IReadOnlyList<string> files, ImageFolderOptions options)
    {
        int sampleLength = options.SampleLength;
        if ((long)files.Count * sampleLength > Array.MaxLength)
        {
            throw new ArgumentException($"{files.Count} images of {sampleLength} floats do not fit in one array; load fewer or smaller images.", nameof(files));
        }

        var inputs = new float[files.Count * sampleLength];
        var failures = new Exception?[files.Count];
        Parallel.For(0, files.Count, (i, state) =>
        {
            try
            {
                DecodedImage image = ImageResizer.Resize(ImageDecoder.Decode(files[i]), options.Width, options.Height);
                ChannelLayout.ToChw(image.Rgba, options.Channels, inputs.AsSpan(i * sampleLength, sampleLength));
            }
            catch (Exception exception)
            {
                failures[i] = exception;

                // Break still runs every lower index, so the first bad file is the one reported, whatever the scheduling.
                state.Break();
            }
        });

        foreach (Exception? failure in failures)
        {
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        return inputs;
    }
}
