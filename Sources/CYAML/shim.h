#ifndef ALGOBOT_CYAML_SHIM_H
#define ALGOBOT_CYAML_SHIM_H
#include <yaml.h>
#endif
