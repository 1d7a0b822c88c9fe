"""Computing: records -> tables -> findings, and the one value per report. Pure: frames in, values out."""
