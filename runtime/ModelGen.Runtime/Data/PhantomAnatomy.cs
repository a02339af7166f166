using System;
using ModelGen.Internal;

namespace ModelGen.Data;

/// <summary>
/// The anatomy of one phantom slice, drawn at random: a body of varying size and position with a ring of fat, two lungs,
/// the heart between them (wider with cardiomegaly), the aorta and a vertebra, and with effusion a fluid level at the
/// bottom of one lung or both. Lengths are those of a 64x64 slice times the scale.
/// </summary>
internal sealed class PhantomAnatomy
{
    private readonly Ellipse _body, _fatInner, _fatOuter, _leftLung, _rightLung, _heart, _aorta, _vertebra, _canal;
    private readonly float _mediastinumHalfWidth, _tissue, _air, _blood, _bone, _fluid, _leftFluidLevel, _rightFluidLevel;

    public PhantomAnatomy(ref SeededRandom random, int size, float scale, bool effusion, bool cardiomegaly)
    {
        float half = size / 2f;
        CenterX = half + (random.Uniform(-3, 3) * scale);
        float centerY = half + (random.Uniform(-2, 3) * scale);
        float bodyRx = random.Uniform(23, 29) * scale, bodyRy = bodyRx * random.Uniform(0.66f, 0.78f);
        _body = new Ellipse(CenterX, centerY, bodyRx, bodyRy);
        _fatInner = _body.Scaled(0.84f);
        _fatOuter = _body.Scaled(0.93f);

        float lungY = centerY - (0.06f * bodyRy);
        _leftLung = new Ellipse(CenterX - (bodyRx * random.Uniform(0.40f, 0.46f)), lungY, bodyRx * random.Uniform(0.30f, 0.35f), bodyRy * random.Uniform(0.66f, 0.76f));
        _rightLung = new Ellipse(CenterX + (bodyRx * random.Uniform(0.40f, 0.46f)), lungY, bodyRx * random.Uniform(0.30f, 0.35f), bodyRy * random.Uniform(0.66f, 0.76f));
        HilumY = lungY;
        _mediastinumHalfWidth = bodyRx * 0.09f;

        // The cardiothoracic ratio, not the heart's absolute width, separates cardiomegaly: bodies vary by a quarter.
        // Normal and enlarged widths overlap a little, as borderline cases do.
        float heartWidth = cardiomegaly ? random.Uniform(1.12f, 1.5f) : random.Uniform(0.85f, 1.2f);
        _heart = new Ellipse(CenterX + (0.07f * bodyRx), centerY + (0.12f * bodyRy), 0.24f * bodyRx * heartWidth, 0.36f * bodyRy * random.Uniform(0.9f, 1.1f));
        _aorta = new Ellipse(CenterX - (0.1f * bodyRx), centerY + (0.5f * bodyRy), 0.075f * bodyRx, 0.075f * bodyRx);
        _vertebra = new Ellipse(CenterX, centerY + (0.78f * bodyRy), 0.11f * bodyRx, 0.1f * bodyRx);
        _canal = _vertebra.Scaled(0.45f);

        _tissue = random.Uniform(0.45f, 0.53f);
        _air = random.Uniform(0.06f, 0.12f);
        _blood = _tissue + random.Uniform(0.07f, 0.13f);
        _bone = random.Uniform(0.82f, 0.92f);
        _fluid = _tissue - random.Uniform(0.06f, 0.12f);
        _leftFluidLevel = _rightFluidLevel = float.PositiveInfinity;
        if (effusion)
        {
            int sides = random.Below(8); // left 3/8, right 3/8, both 2/8
            if (sides is < 3 or >= 6)
            {
                _leftFluidLevel = FluidLevel(ref random, _leftLung);
            }

            if (sides >= 3)
            {
                _rightFluidLevel = FluidLevel(ref random, _rightLung);
            }
        }
    }

    /// <summary>The body's vertical midline.</summary>
    public float CenterX { get; }

    /// <summary>The height of the hila, where vessels enter the lungs.</summary>
    public float HilumY { get; }

    /// <summary>What the point shows and its intensity before texture and noise.</summary>
    public (PhantomRegion Region, float Value) At(float x, float y)
    {
        if (!_body.Contains(x, y))
        {
            return (PhantomRegion.Outside, 0.02f);
        }

        if (_vertebra.Contains(x, y))
        {
            return (PhantomRegion.Solid, _canal.Contains(x, y) ? _tissue - 0.05f : _bone);
        }

        if (_heart.Contains(x, y) || _aorta.Contains(x, y))
        {
            return (PhantomRegion.Solid, _blood);
        }

        bool left = _leftLung.Contains(x, y);
        if ((left || _rightLung.Contains(x, y)) && Math.Abs(x - CenterX) > _mediastinumHalfWidth)
        {
            // The fluid's top edge is horizontal and one pixel soft, as gravity and partial volume make it.
            float belowLevel = Math.Clamp(y - (left ? _leftFluidLevel : _rightFluidLevel) + 0.5f, 0, 1);
            return belowLevel > 0.5f ? (PhantomRegion.Fluid, _air + (belowLevel * (_fluid - _air))) : (PhantomRegion.Lung, _air + (belowLevel * (_fluid - _air)));
        }

        bool fat = _fatOuter.Contains(x, y) && !_fatInner.Contains(x, y);
        return (PhantomRegion.SoftTissue, fat ? _tissue - 0.1f : _tissue);
    }

    /// <summary>Draws a fluid level 10% (subtle) to 40% of the lung's height above its bottom.</summary>
    private static float FluidLevel(ref SeededRandom random, Ellipse lung) => lung.Y + lung.RadiusY - (2 * lung.RadiusY * random.Uniform(0.1f, 0.4f));
}

/// <summary>What a pixel of a phantom slice shows; findings are placed by it.</summary>
internal enum PhantomRegion : byte
{
    Outside,
    SoftTissue,
    Lung,
    Fluid,
    Solid,
}
