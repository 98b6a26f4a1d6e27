"""Builds the render farm's scene: 24 frames of a ball bouncing past a spinning cube, saved as
a .blend. Run by Blender: blender -b --factory-startup --python make-scene.py -- OUT.blend"""

import math
import os
import sys

import bpy

out = os.path.abspath(sys.argv[sys.argv.index("--") + 1])
os.makedirs(os.path.dirname(out), exist_ok=True)

# An empty scene: the factory startup file's cube, light and camera go.
bpy.ops.wm.read_factory_settings(use_empty=True)
scene = bpy.context.scene
scene.frame_start, scene.frame_end = 1, 24
scene.render.fps = 12

# Cycles on the CPU: the engine that renders in `blender -b` with no GPU and no display.
scene.render.engine = "CYCLES"
scene.cycles.device = "CPU"
scene.cycles.samples = 8
scene.cycles.use_denoising = False
scene.cycles.max_bounces = 2
scene.render.resolution_x, scene.render.resolution_y = 96, 64
scene.render.resolution_percentage = 100
scene.render.image_settings.file_format = "PNG"
scene.render.image_settings.color_mode = "RGB"
scene.render.use_file_extension = True


def material(name, rgb, emission=0.0):
    mat = bpy.data.materials.new(name)
    mat.use_nodes = True
    bsdf = mat.node_tree.nodes["Principled BSDF"]
    bsdf.inputs["Base Color"].default_value = (*rgb, 1.0)
    if emission:
        bsdf.inputs["Emission"].default_value = (*rgb, 1.0)
        bsdf.inputs["Emission Strength"].default_value = emission
    return mat


def add(obj, mat):
    obj.data.materials.append(mat)
    return obj


world = bpy.data.worlds.new("sky")
world.color = (0.35, 0.45, 0.6)
world.use_nodes = True
world.node_tree.nodes["Background"].inputs["Color"].default_value = (0.35, 0.45, 0.6, 1.0)
world.node_tree.nodes["Background"].inputs["Strength"].default_value = 0.8
scene.world = world

bpy.ops.mesh.primitive_plane_add(size=20)
add(bpy.context.object, material("floor", (0.8, 0.75, 0.6)))

bpy.ops.mesh.primitive_cube_add(size=1.2, location=(1.4, 0.8, 0.6))
cube = add(bpy.context.object, material("cube", (0.2, 0.5, 0.9)))
bpy.ops.mesh.primitive_uv_sphere_add(radius=0.5, segments=24, ring_count=12)
ball = add(bpy.context.object, material("ball", (0.95, 0.35, 0.1), emission=0.5))
bpy.ops.object.shade_smooth()

# One keyframe per frame, so every frame differs and a re-rendered frame must match its place.
for frame in range(scene.frame_start, scene.frame_end + 1):
    t = (frame - 1) / (scene.frame_end - scene.frame_start)
    ball.location = (-2.0 + 3.5 * t, -0.6, 0.5 + 1.8 * abs(math.sin(2 * math.pi * t)))
    ball.keyframe_insert("location", frame=frame)
    cube.rotation_euler = (0.0, 0.0, math.pi * t)
    cube.keyframe_insert("rotation_euler", frame=frame)

bpy.ops.object.light_add(type="SUN", rotation=(math.radians(50), 0, math.radians(30)))
bpy.context.object.data.energy = 3.0

bpy.ops.object.camera_add(location=(0.0, -7.0, 3.2), rotation=(math.radians(70), 0, 0))
scene.camera = bpy.context.object

bpy.ops.wm.save_as_mainfile(filepath=out, compress=False)
