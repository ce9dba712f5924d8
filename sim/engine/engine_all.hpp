// Every part of the engine template, for the translation units that instantiate it.
#pragma once

#include "engine/engine.hpp"
#include "engine/engine_agents.hpp"
#include "engine/engine_clock.hpp"
#include "engine/engine_draws.hpp"
#include "engine/engine_outcome.hpp"
#include "engine/engine_queues.hpp"
#include "engine/engine_route.hpp"
#include "engine/engine_run.hpp"
#include "engine/engine_trace.hpp"
