using System;

namespace ModelGen.Data;

internal sealed partial class PhantomScanPainter
{
    /// <summary>
    /// Vessels seen across (bright dots, the distractors a nodule detector must learn to ignore: smaller and dimmer than
    /// most nodules, but not all) and along (short lines pointing away from the hilum).
    /// </summary>
    private void AddVessels(Span<float> image)
    {
        int dots = (int)(_random.Uniform(14, 26) * _scale * _scale);
        for (int i = 0; i < dots; i++)
        {
            (float x, float y) = RandomLungPoint();
            float radius = _random.Uniform(1.0f, 1.6f) * _scale, amplitude = _random.Uniform(0.05f, 0.18f);
            foreach ((int pixel, float dx, float dy) in new PixelWindow(_size, x, y, radius))
            {
                AddBump(image, pixel, (dx * dx) + (dy * dy), radius, amplitude);
            }
        }

        int lines = 4 + _random.Below(5);
        for (int i = 0; i < lines; i++)
        {
            (float x, float y) = RandomLungPoint();
            float hx = x - _anatomy.CenterX, hy = y - _anatomy.HilumY, norm = MathF.Sqrt((hx * hx) + (hy * hy)) + 1e-3f;
            float length = _random.Uniform(4, 10) * _scale, width = _random.Uniform(0.9f, 1.4f) * _scale, amplitude = _random.Uniform(0.05f, 0.14f);
            float ux = hx / norm * length, uy = hy / norm * length;
            foreach ((int pixel, float dx, float dy) in new PixelWindow(_size, x + (ux / 2), y + (uy / 2), (length / 2) + width))
            {
                // Distance to the segment from (x, y) to (x + ux, y + uy); dx and dy are measured from its middle.
                float t = Math.Clamp((((dx + (ux / 2)) * ux) + ((dy + (uy / 2)) * uy)) / (length * length), 0, 1);
                float ex = dx + (ux / 2) - (t * ux), ey = dy + (uy / 2) - (t * uy);
                AddBump(image, pixel, (ex * ex) + (ey * ey), width, amplitude);
            }
        }
    }

    /// <summary>A mass: a lobulated solid lesion several times a nodule's size, made of overlapping soft disks.</summary>
    private void AddMass(Span<float> image)
    {
        (float x, float y) = RandomLungPoint();
        int lobes = 3 + _random.Below(3);
        Span<float> lobeX = stackalloc float[5], lobeY = stackalloc float[5], lobeRadius = stackalloc float[5];
        for (int i = 0; i < lobes; i++)
        {
            lobeX[i] = x + (_random.Uniform(-3, 3) * _scale);
            lobeY[i] = y + (_random.Uniform(-3, 3) * _scale);
            lobeRadius[i] = _random.Uniform(2.5f, 4.5f) * _scale;
        }

        float density = _random.Uniform(0.38f, 0.5f);
        foreach ((int pixel, float dx, float dy) in new PixelWindow(_size, x, y, (3 + 4.5f + 1) * _scale))
        {
            if (_regions[pixel] is not (PhantomRegion.Lung or PhantomRegion.Fluid))
            {
                continue;
            }

            float coverage = 0;
            for (int i = 0; i < lobes; i++)
            {
                float lx = dx + x - lobeX[i], ly = dy + y - lobeY[i];
                coverage = Math.Max(coverage, SoftDisk(MathF.Sqrt((lx * lx) + (ly * ly)), lobeRadius[i]));
            }

            float value = density + (0.05f * _texture[pixel]);
            image[pixel] += coverage * (value - image[pixel]);
            if (coverage > 0.5f)
            {
                _regions[pixel] = PhantomRegion.Solid;
            }
        }
    }

    /// <summary>One nodule, sometimes two: round, radius 1.5 to 4 pixels, solid or (a quarter of them) faint, as ground glass is.</summary>
    private void AddNodules(Span<float> image)
    {
        int count = _random.Chance(0.25f) ? 2 : 1;
        for (int i = 0; i < count; i++)
        {
            float radius = _random.Uniform(1.5f, 4f) * _scale;
            (float x, float y) = RandomLungPoint(clearance: radius);
            float amplitude = _random.Chance(0.25f) ? _random.Uniform(0.12f, 0.22f) : _random.Uniform(0.25f, 0.55f);
            foreach ((int pixel, float dx, float dy) in new PixelWindow(_size, x, y, radius + 1))
            {
                float d2 = (dx * dx) + (dy * dy);
                if (_regions[pixel] != PhantomRegion.Outside)
                {
                    image[pixel] += amplitude * SoftDisk(MathF.Sqrt(d2), radius) * (1 - (0.3f * d2 / (radius * radius)));
                }
            }
        }
    }

    /// <summary>Adds a smooth bump (1 - d²/r²)² to aerated lung only: vessels vanish in fluid and solid tissue.</summary>
    private void AddBump(Span<float> image, int pixel, float distanceSquared, float radius, float amplitude)
    {
        float t = 1 - (distanceSquared / (radius * radius));
        if (t > 0 && _regions[pixel] == PhantomRegion.Lung)
        {
            image[pixel] += amplitude * t * t;
        }
    }

    /// <summary>Coverage of a pixel at <paramref name="distance"/> from the centre of a disk of <paramref name="radius"/>, with a one-pixel soft edge.</summary>
    private static float SoftDisk(float distance, float radius) => Math.Clamp(radius - distance + 0.5f, 0, 1);
}
